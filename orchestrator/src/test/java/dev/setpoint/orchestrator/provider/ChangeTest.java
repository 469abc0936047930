package dev.setpoint.orchestrator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChangeTest {

  @Test
  void plainKeysJoinWithADot() {
    assertThat(Change.keyPath("", "tags")).isEqualTo("tags");
    assertThat(Change.keyPath("tags", "team")).isEqualTo("tags.team");
    assertThat(Change.keyPath("tags", "cost_center-2")).isEqualTo("tags.cost_center-2");
  }

  @Test
  void otherKeysAreQuotedInBrackets() {
    assertThat(Change.keyPath("labels", "app.kubernetes.io/name"))
        .isEqualTo("labels[\"app.kubernetes.io/name\"]");
    assertThat(Change.keyPath("tags", "setpoint:resource"))
        .isEqualTo("tags[\"setpoint:resource\"]");
    assertThat(Change.keyPath("m", "a\"b\\c")).isEqualTo("m[\"a\\\"b\\\\c\"]");
    assertThat(Change.keyPath("m", "1st")).isEqualTo("m[\"1st\"]");
  }

  @Test
  void indexesAreBracketed() {
    assertThat(Change.keyPath(Change.indexPath("routes", 0), "gatewayId"))
        .isEqualTo("routes[0].gatewayId");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "cidrBlock|cidrBlock",
        "tags.team|tags",
        "routes[0].gatewayId|routes",
        "labels[\"app.kubernetes.io/name\"]|labels",
        "[\"odd.name\"].x|odd.name",
        "[\"a\\\"b\"]|a\"b"
      })
  void theTopLevelPropertyIsTheFirstStepOfThePath(String path, String property) {
    assertThat(new Change(path, null, 1).topLevelProperty()).isEqualTo(property);
  }

  @Test
  void aPathIsRequired() {
    assertThatThrownBy(() -> new Change(" ", 1, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Change(null, 1, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void valuesAreCopied() {
    List<Object> after = new ArrayList<>(List.of("a"));
    var change = new Change("names", null, after);
    after.add("b");

    assertThat(change.after()).isEqualTo(List.of("a"));
  }
}
