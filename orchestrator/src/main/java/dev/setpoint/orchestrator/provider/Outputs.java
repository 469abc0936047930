package dev.setpoint.orchestrator.provider;

import dev.setpoint.orchestrator.model.Values;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The values a resource makes known for {@code ${NAME.OUTPUT}} references, such as {@code id}.
 *
 * @param values plain data, by output name, in the provider's order
 * @param sensitive the names whose values reports and logs redact (sensitive Terraform outputs);
 *     references still receive the real values
 */
public record Outputs(Map<String, Object> values, Set<String> sensitive) {

  /** What reports print in place of a sensitive value. */
  public static final String REDACTED = "(sensitive)";

  public Outputs {
    values = Values.immutableMap(values);
    SortedSet<String> names = sensitive == null ? new TreeSet<>() : new TreeSet<>(sensitive);
    sensitive = Collections.unmodifiableSortedSet(names);
  }

  public static Outputs none() {
    return new Outputs(Map.of(), Set.of());
  }

  /** Outputs none of which is sensitive. */
  public static Outputs of(Map<String, ?> values) {
    return new Outputs(Values.immutableMap(values), Set.of());
  }

  /** Outputs some of which are sensitive. */
  public static Outputs withSensitive(Map<String, ?> values, Set<String> sensitive) {
    return new Outputs(Values.immutableMap(values), sensitive);
  }

  /** The values with each sensitive one replaced by {@link #REDACTED}, for reports and logs. */
  public Map<String, Object> redacted() {
    Map<String, Object> shown = new LinkedHashMap<>();
    values.forEach((name, value) -> shown.put(name, sensitive.contains(name) ? REDACTED : value));
    return Collections.unmodifiableMap(shown);
  }
}
