package dev.setpoint.orchestrator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.setpoint.orchestrator.provider.Plan.Action;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {

  private static final Change DNS = new Change("enableDnsHostnames", false, true);
  private static final Change CIDR = new Change("cidrBlock", "10.0.0.0/16", "10.1.0.0/16");

  @Test
  void createWithoutFieldsHasNoChangesAndNoReason() {
    assertThat(Plan.create()).isEqualTo(new Plan(Action.CREATE, List.of(), null));
  }

  @Test
  void createListsTheFieldsItSets() {
    var settings = List.of(new Change("cidrBlock", null, "10.0.0.0/16"));

    assertThat(Plan.create(settings)).isEqualTo(new Plan(Action.CREATE, settings, null));
  }

  @Test
  void updateCarriesItsChanges() {
    assertThat(Plan.update(List.of(DNS))).isEqualTo(new Plan(Action.UPDATE, List.of(DNS), null));
  }

  @Test
  void anUpdateWithNothingToChangeIsRefused() {
    assertThatThrownBy(() -> Plan.update(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Plan.none()");
  }

  @Test
  void replaceCarriesItsChangesAndReason() {
    var plan = Plan.replace(List.of(CIDR, DNS), "cidrBlock cannot change in place");

    assertThat(plan)
        .isEqualTo(
            new Plan(Action.REPLACE, List.of(CIDR, DNS), "cidrBlock cannot change in place"));
  }

  @Test
  void aReplaceMustSayWhy() {
    assertThatThrownBy(() -> Plan.replace(List.of(CIDR), " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Plan.replace(List.of(CIDR), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void adoptIsAnUpdateThatMayChangeNoFieldAndSaysWhy() {
    assertThat(Plan.adopt(List.of()))
        .isEqualTo(new Plan(Action.UPDATE, List.of(), "adopt it: add Setpoint's identity marks"));
    assertThat(Plan.adopt(List.of(DNS)).changes()).containsExactly(DNS);
  }

  @Test
  void deleteAndNoneHaveNoChanges() {
    assertThat(Plan.delete()).isEqualTo(new Plan(Action.DELETE, List.of(), null));
    assertThat(Plan.none()).isEqualTo(new Plan(Action.NONE, List.of(), null));
  }

  @Test
  void noneAndDeleteRefuseChanges() {
    assertThatThrownBy(() -> new Plan(Action.NONE, List.of(DNS), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("none");
    assertThatThrownBy(() -> new Plan(Action.DELETE, List.of(DNS), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delete");
  }

  @Test
  void nullChangesAreEmpty() {
    assertThat(new Plan(Action.NONE, null, null).changes()).isEmpty();
  }

  @Test
  void anActionIsRequired() {
    assertThatThrownBy(() -> new Plan(null, List.of(), null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void changesAreCopiedAndImmutable() {
    List<Change> changes = new ArrayList<>(List.of(DNS));
    var plan = Plan.update(changes);
    changes.add(CIDR);

    assertThat(plan.changes()).containsExactly(DNS);
    assertThatThrownBy(() -> plan.changes().add(CIDR))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void actionsHaveLowerCaseReportNames() {
    assertThat(List.of(Action.values()))
        .extracting(Action::reportName)
        .containsExactly("create", "update", "replace", "delete", "none");
  }
}
