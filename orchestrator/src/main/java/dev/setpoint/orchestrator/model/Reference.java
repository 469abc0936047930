package dev.setpoint.orchestrator.model;

import java.util.List;

/**
 * One {@code ${...}} in a value: {@code ${var.NAME}} or {@code ${RESOURCE.OUTPUT}}, optionally
 * reaching further into maps ({@code .key}) and lists ({@code [0]}).
 *
 * @param resource the resource whose output is meant, or null for a variable
 * @param name the output name, or the variable name
 * @param path what follows the output or variable name
 */
public record Reference(ResourceName resource, String name, List<Segment> path) {

  public Reference {
    path = List.copyOf(path);
  }

  public static Reference variable(String name, List<Segment> path) {
    return new Reference(null, name, path);
  }

  public static Reference output(ResourceName resource, String output, List<Segment> path) {
    return new Reference(resource, output, path);
  }

  public boolean isVariable() {
    return resource == null;
  }

  /** The reference as it is written, without the surrounding {@code ${ }}. */
  public String expression() {
    StringBuilder text =
        new StringBuilder(isVariable() ? ResourceName.RESERVED_VARIABLES : resource.value());
    text.append('.').append(name);
    for (Segment segment : path) {
      text.append(segment);
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return "${" + expression() + "}";
  }

  /** A step into a map or a list. */
  public sealed interface Segment permits Key, Index {}

  /** {@code .key}: a map entry. */
  public record Key(String key) implements Segment {
    @Override
    public String toString() {
      return "." + key;
    }
  }

  /** {@code [n]}: a list element. */
  public record Index(int index) implements Segment {
    @Override
    public String toString() {
      return "[" + index + "]";
    }
  }
}
