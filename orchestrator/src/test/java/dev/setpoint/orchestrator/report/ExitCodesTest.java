package dev.setpoint.orchestrator.report;

import static dev.setpoint.orchestrator.report.Reports.drifted;
import static dev.setpoint.orchestrator.report.Reports.report;
import static dev.setpoint.orchestrator.report.Reports.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.provider.Plan.Action;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExitCodesTest {

  @Test
  void theCodesAreTheSpecs() {
    assertThat(ExitCodes.SUCCESS).isZero();
    assertThat(ExitCodes.ERROR).isEqualTo(1);
    assertThat(ExitCodes.CHANGES).isEqualTo(2);
  }

  @Nested
  class PlanMode {

    @Test
    void noChangesIsZero() {
      var report =
          report(
              RunMode.PLAN,
              RunStatus.SUCCEEDED,
              result("a", Action.NONE, ResourceStatus.PENDING),
              result("b", Action.NONE, ResourceStatus.PENDING));

      assertThat(ExitCodes.of(report)).isEqualTo(0);
    }

    @Test
    void anEmptyEnvironmentHasNoChanges() {
      assertThat(ExitCodes.of(report(RunMode.PLAN, RunStatus.SUCCEEDED))).isEqualTo(0);
    }

    @ParameterizedTest
    @EnumSource(
        value = Action.class,
        names = {"CREATE", "UPDATE", "REPLACE", "DELETE"})
    void anyChangeIsTwo(Action action) {
      var report =
          report(
              RunMode.PLAN,
              RunStatus.SUCCEEDED,
              result("a", Action.NONE, ResourceStatus.PENDING),
              result("b", action, ResourceStatus.PENDING));

      assertThat(ExitCodes.of(report)).isEqualTo(2);
    }

    @Test
    void aFailedObservationIsOneEvenWithChanges() {
      var report =
          report(
              RunMode.PLAN,
              RunStatus.FAILED,
              result("a", Action.CREATE, ResourceStatus.PENDING),
              result("b", Action.NONE, ResourceStatus.FAILED));

      assertThat(ExitCodes.of(report)).isEqualTo(1);
    }

    @Test
    void aFailedResourceIsOneEvenIfTheRunSaysSucceeded() {
      var report =
          report(
              RunMode.PLAN,
              RunStatus.SUCCEEDED,
              result("a", Action.CREATE, ResourceStatus.PENDING),
              result("b", Action.NONE, ResourceStatus.FAILED));

      assertThat(ExitCodes.of(report)).isEqualTo(1);
    }

    @Test
    void aResourceThatCouldNotBePlannedBecauseOfABlockerIsOne() {
      var report =
          report(
              RunMode.PLAN,
              RunStatus.SUCCEEDED,
              result("a", Action.CREATE, ResourceStatus.PENDING),
              result("b", Action.CREATE, ResourceStatus.SKIPPED));

      assertThat(ExitCodes.of(report)).isEqualTo(1);
    }

    @Test
    void aRunThatFailedBeforeAnyResourceIsOne() {
      assertThat(ExitCodes.of(report(RunMode.PLAN, RunStatus.FAILED))).isEqualTo(1);
    }
  }

  @Nested
  class ApplyMode {

    @Test
    void everythingSucceededIsZero() {
      var report =
          report(
              RunMode.APPLY,
              RunStatus.SUCCEEDED,
              result("a", Action.CREATE, ResourceStatus.SUCCEEDED),
              result("b", Action.NONE, ResourceStatus.SUCCEEDED));

      assertThat(ExitCodes.of(report)).isEqualTo(0);
    }

    @Test
    void aFailureIsOne() {
      var report =
          report(
              RunMode.APPLY,
              RunStatus.FAILED,
              result("a", Action.CREATE, ResourceStatus.SUCCEEDED),
              result("b", Action.UPDATE, ResourceStatus.FAILED));

      assertThat(ExitCodes.of(report)).isEqualTo(1);
    }

    @Test
    void aSkippedResourceIsOne() {
      var report =
          report(
              RunMode.APPLY,
              RunStatus.SUCCEEDED,
              result("a", Action.CREATE, ResourceStatus.SKIPPED));

      assertThat(ExitCodes.of(report)).isEqualTo(1);
    }

    @Test
    void anUnappliedResourceIsOne() {
      var report =
          report(
              RunMode.APPLY,
              RunStatus.SUCCEEDED,
              result("a", Action.CREATE, ResourceStatus.PENDING));

      assertThat(ExitCodes.of(report)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(
        value = RunStatus.class,
        names = {"RUNNING", "CANCELLED"})
    void anUnfinishedRunIsOne(RunStatus status) {
      var report =
          report(RunMode.APPLY, status, result("a", Action.CREATE, ResourceStatus.SUCCEEDED));

      assertThat(ExitCodes.of(report)).isEqualTo(1);
    }
  }

  @Nested
  class DriftMode {

    @Test
    void inSyncIsZero() {
      var report =
          report(
              RunMode.DRIFT,
              RunStatus.SUCCEEDED,
              result("a", Action.NONE, ResourceStatus.SUCCEEDED));

      assertThat(ExitCodes.of(report)).isEqualTo(0);
    }

    @Test
    void driftRevertedIsInSyncAtTheEndSoZero() {
      var report =
          report(
              RunMode.DRIFT,
              RunStatus.SUCCEEDED,
              drifted("a", Action.UPDATE, ResourceStatus.SUCCEEDED),
              result("b", Action.NONE, ResourceStatus.SUCCEEDED));

      assertThat(ExitCodes.of(report)).isEqualTo(0);
    }

    @Test
    void driftLeftInPlaceIsTwo() {
      var report =
          report(
              RunMode.DRIFT,
              RunStatus.SUCCEEDED,
              drifted("a", Action.UPDATE, ResourceStatus.SUCCEEDED),
              drifted("b", Action.CREATE, ResourceStatus.PENDING));

      assertThat(ExitCodes.of(report)).isEqualTo(2);
    }

    @Test
    void aFailedRevertIsOne() {
      var report =
          report(
              RunMode.DRIFT,
              RunStatus.FAILED,
              drifted("a", Action.UPDATE, ResourceStatus.FAILED),
              drifted("b", Action.UPDATE, ResourceStatus.PENDING));

      assertThat(ExitCodes.of(report)).isEqualTo(1);
    }

    @Test
    void aResourceNotAuditedBecauseOfABlockerIsOne() {
      var report =
          report(
              RunMode.DRIFT,
              RunStatus.SUCCEEDED,
              drifted("a", Action.UPDATE, ResourceStatus.PENDING),
              result("b", Action.NONE, ResourceStatus.SKIPPED));

      assertThat(ExitCodes.of(report)).isEqualTo(1);
    }

    @Test
    void anAuditErrorIsOne() {
      var report =
          report(
              RunMode.DRIFT, RunStatus.SUCCEEDED, result("a", Action.NONE, ResourceStatus.FAILED));

      assertThat(ExitCodes.of(report)).isEqualTo(1);
    }
  }

  @Nested
  class DestroyMode {

    @Test
    void everythingDeletedOrRetainedIsZero() {
      var report =
          report(
              RunMode.DESTROY,
              RunStatus.SUCCEEDED,
              result("a", Action.DELETE, ResourceStatus.SUCCEEDED),
              result("kept", Action.NONE, ResourceStatus.SUCCEEDED));

      assertThat(ExitCodes.of(report)).isEqualTo(0);
    }

    @Test
    void aFailedDeleteIsOne() {
      var report =
          report(
              RunMode.DESTROY,
              RunStatus.FAILED,
              result("a", Action.DELETE, ResourceStatus.SUCCEEDED),
              result("b", Action.DELETE, ResourceStatus.FAILED));

      assertThat(ExitCodes.of(report)).isEqualTo(1);
    }

    @Test
    void aBlockedDeleteIsOne() {
      var report =
          report(
              RunMode.DESTROY,
              RunStatus.SUCCEEDED,
              result("a", Action.DELETE, ResourceStatus.SKIPPED));

      assertThat(ExitCodes.of(report)).isEqualTo(1);
    }
  }
}
