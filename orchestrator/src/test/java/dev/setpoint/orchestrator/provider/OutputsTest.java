package dev.setpoint.orchestrator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutputsTest {

  @Test
  void redactedReplacesOnlySensitiveValuesAndKeepsTheOrder() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("endpoint", "db.internal");
    values.put("password", "hunter2");
    values.put("port", 5432);

    var outputs = Outputs.withSensitive(values, Set.of("password"));

    assertThat(outputs.redacted())
        .containsExactly(
            entry("endpoint", "db.internal"),
            entry("password", "(sensitive)"),
            entry("port", 5432));
    assertThat(outputs.values()).containsEntry("password", "hunter2");
  }

  @Test
  void plainOutputsHaveNothingSensitive() {
    var outputs = Outputs.of(Map.of("id", "vpc-0abc"));

    assertThat(outputs.sensitive()).isEmpty();
    assertThat(outputs.redacted()).isEqualTo(Map.of("id", "vpc-0abc"));
  }

  @Test
  void sensitiveNamesAreSortedSoPayloadsAreStable() {
    var outputs = Outputs.withSensitive(Map.of(), Set.of("z", "a", "m"));

    assertThat(outputs.sensitive()).containsExactly("a", "m", "z");
  }

  @Test
  void nullsAreEmpty() {
    assertThat(new Outputs(null, null)).isEqualTo(Outputs.none());
  }
}
