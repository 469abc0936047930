package dev.setpoint.provider.aws;

import dev.setpoint.orchestrator.model.DeletionPolicy;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.ProviderException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Setpoint's identity marks as AWS tags, and what prune needs recorded beside them. Dependencies
 * are stored space-separated (S3 tag values may not hold commas) and mapped back to the
 * comma-separated attribute the workflow reads.
 */
final class Marks {

  static final String ENVIRONMENT = "setpoint:environment";
  static final String RESOURCE = "setpoint:resource";
  static final String DEPENDS_ON = "setpoint:depends-on";
  static final String DELETION_POLICY = "setpoint:deletion-policy";

  static final String DEPENDS_ON_ATTRIBUTE = "setpoint.dev/depends-on";
  static final String DELETION_POLICY_ATTRIBUTE = "setpoint.dev/deletion-policy";

  private Marks() {}

  /** The marks to write on the live resource for {@code spec} in {@code environment}. */
  static Map<String, String> of(String environment, ResourceSpec spec) {
    Map<String, String> marks = new LinkedHashMap<>();
    marks.put(ENVIRONMENT, environment);
    marks.put(RESOURCE, spec.name().value());
    marks.put(
        DEPENDS_ON,
        spec.dependsOn().stream().map(ResourceName::value).collect(Collectors.joining(" ")));
    marks.put(
        DELETION_POLICY, spec.deletionPolicy() == DeletionPolicy.RETAIN ? "retain" : "delete");
    return marks;
  }

  /** The declared tags with the marks over them: what the live resource must carry. */
  static Map<String, String> withMarks(
      Map<String, String> declared, String environment, ResourceSpec spec) {
    Map<String, String> tags = new LinkedHashMap<>(declared);
    tags.putAll(of(environment, spec));
    return tags;
  }

  /** The attributes of a {@code ManagedResource} recorded in the live tags. */
  static Map<String, String> attributes(Map<String, String> liveTags) {
    Map<String, String> attributes = new TreeMap<>();
    String deps = liveTags.getOrDefault(DEPENDS_ON, "");
    String joined =
        Arrays.stream(deps.split("[\\s,]+"))
            .filter(s -> !s.isBlank())
            .collect(Collectors.joining(","));
    if (!joined.isEmpty()) {
      attributes.put(DEPENDS_ON_ATTRIBUTE, joined);
    }
    if ("retain".equals(liveTags.get(DELETION_POLICY))) {
      attributes.put(DELETION_POLICY_ATTRIBUTE, "retain");
    }
    return attributes;
  }

  /** Whether the tags carry any Setpoint mark, of whatever environment or resource. */
  static boolean marked(Map<String, String> tags) {
    return tags.containsKey(ENVIRONMENT) || tags.containsKey(RESOURCE);
  }

  /** Whether the tags mark the live thing as {@code resource}'s in {@code environment}. */
  static boolean markedFor(Map<String, String> tags, String environment, String resource) {
    return environment.equals(tags.get(ENVIRONMENT)) && resource.equals(tags.get(RESOURCE));
  }

  /**
   * Refuses a live thing ({@code what}, with {@code tags}) that {@code spec} may not write its
   * marks on: one marked for another environment or resource, and an unmarked one unless adopted or
   * {@code created} by this apply (one that appeared between plan and apply is someone else's).
   */
  static void checkTakeable(
      String what,
      Map<String, String> tags,
      ResourceSpec spec,
      String environment,
      boolean created) {
    if (marked(tags) && !markedFor(tags, environment, spec.name().value())) {
      throw ProviderException.invalid(
          what + " carries the Setpoint marks of another environment or resource");
    }
    if (!marked(tags) && !spec.adopt() && !created) {
      throw ProviderException.invalid(
          what
              + " already exists and Setpoint does not manage it; set adopt: true to take it over");
    }
  }

  /** The declared {@code tags} property as strings. */
  static Map<String, String> declaredTags(Map<String, Object> properties) {
    Map<String, String> tags = new LinkedHashMap<>();
    Object value = properties.get("tags");
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> tags.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    }
    return tags;
  }
}
