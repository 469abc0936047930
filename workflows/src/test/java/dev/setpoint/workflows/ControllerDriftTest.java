package dev.setpoint.workflows;

import static dev.setpoint.workflows.ControllerHarness.applies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.setpoint.orchestrator.report.ResourceResult;
import dev.setpoint.orchestrator.report.ResourceStatus;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunStatus;
import dev.setpoint.workflows.controller.ControllerRun;
import dev.setpoint.workflows.controller.ControllerStatus;
import io.temporal.common.SearchAttributes;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift is audited every {@code sync.driftInterval} and reverted or reported per policy; a
 * suspended controller neither applies nor reverts but still audits, and resuming catches up to the
 * newest commit.
 */
class ControllerDriftTest {

  static final String TWO_POLICIES =
      """
        - name: reverted
          type: test:net/Network
          properties: {cidrBlock: 10.0.0.0/16, enableDns: true}
        - name: reported
          type: test:net/Network
          drift: report
          properties: {cidrBlock: 10.0.0.0/16, enableDns: true}
      """;

  @TempDir Path folder;
  ControllerHarness controller;
  String applied;

  @BeforeEach
  void start() throws Exception {
    controller = new ControllerHarness(folder);
    applied = controller.commit(TWO_POLICIES);
    controller.start();
    controller.untilApplied(applied);
  }

  @AfterEach
  void stop() {
    controller.close();
  }

  ControllerStatus untilAudited() {
    return controller.until(
        s ->
            s.state().lastAudit() != null
                && s.state().lastAudit().status() != RunStatus.RUNNING
                && s.running() == null);
  }

  @Test
  void driftIsAuditedOnScheduleAndRevertedOrReportedPerPolicy() {
    controller.provider().changeLive("reverted", "enableDns", false);
    controller.provider().changeLive("reported", "enableDns", false);
    // The apply upserted "no drift"; the audit must turn it over.
    assertThat(
            controller
                .stub()
                .describe()
                .getTypedSearchAttributes()
                .get(RunSearchAttributes.DRIFTED))
        .isFalse();

    controller.pass(Duration.ofMinutes(9));
    assertThat(controller.until(s -> s.running() == null).state().lastAudit()).isNull();
    controller.pass(Duration.ofMinutes(1));
    ControllerStatus audited = untilAudited();

    ControllerRun audit = audited.state().lastAudit();
    assertThat(audit.mode()).isEqualTo(RunMode.DRIFT);
    assertThat(audit.revert()).isTrue();
    assertThat(audit.revision()).isEqualTo(applied);
    assertThat(audited.state().drift())
        .extracting(ResourceResult::name, ResourceResult::status)
        .containsExactlyInAnyOrder(
            tuple("reverted", ResourceStatus.SUCCEEDED), tuple("reported", ResourceStatus.PENDING));
    assertThat(controller.provider().live.get("reverted").properties())
        .containsEntry("enableDns", true);
    assertThat(controller.provider().live.get("reported").properties())
        .containsEntry("enableDns", false);
    assertThat(audited.state().driftPresent()).isTrue();
    SearchAttributes attributes = controller.stub().describe().getTypedSearchAttributes();
    assertThat(attributes.get(RunSearchAttributes.DRIFTED)).isTrue();
    assertThat(attributes.get(RunSearchAttributes.REVISION)).isEqualTo(applied);
  }

  /**
   * While a newer commit stands part-applied (it failed after changing some resources), the audit
   * reports drift against the last applied commit but does not revert it: reverting would undo the
   * newer commit's changes, and the next poll would apply them again, back and forth.
   */
  @Test
  void aPartlyAppliedNewerCommitIsNotRevertedByTheAudit() throws Exception {
    controller.provider().failInvalid.put("broken", "the quota for networks is exhausted");
    String head =
        controller.commit(
            TWO_POLICIES.replaceFirst("enableDns: true", "enableDns: false")
                + Definitions.network("broken"));
    controller.pass(Duration.ofMinutes(1));
    controller.until(
        s ->
            head.equals(s.state().lastAttempt().revision())
                && s.state().lastAttempt().status() == RunStatus.FAILED);
    assertThat(controller.provider().live.get("reverted").properties())
        .containsEntry("enableDns", false);

    controller.pass(Duration.ofMinutes(9));
    ControllerStatus audited = untilAudited();

    assertThat(audited.state().lastAudit().revision()).isEqualTo(applied);
    assertThat(audited.state().lastAudit().revert()).isFalse();
    assertThat(controller.provider().live.get("reverted").properties())
        .containsEntry("enableDns", false);
    assertThat(audited.state().drift())
        .extracting(ResourceResult::name, ResourceResult::status)
        .containsExactly(tuple("reverted", ResourceStatus.PENDING));
    assertThat(audited.state().lastAppliedRevision()).isEqualTo(applied);
    assertThat(audited.blocked())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("drift audits report but do not revert")
                    .contains("the next poll retries " + head.substring(0, 7)));
  }

  @Test
  void suspendedItAuditsAndReportsButNeitherAppliesNorReverts() throws Exception {
    controller.controller.suspend();
    controller.until(s -> s.state().suspended());
    String held = controller.commit(TWO_POLICIES + Definitions.network("more"));
    controller.provider().changeLive("reverted", "enableDns", false);

    controller.pass(Duration.ofMinutes(10));
    ControllerStatus audited = untilAudited();

    assertThat(audited.state().lastAudit().revert()).isFalse();
    assertThat(audited.state().lastAppliedRevision()).isEqualTo(applied);
    assertThat(audited.state().headRevision()).isEqualTo(held);
    assertThat(controller.provider().live).doesNotContainKey("more");
    assertThat(controller.provider().live.get("reverted").properties())
        .containsEntry("enableDns", false);
    assertThat(audited.state().drift())
        .singleElement()
        .satisfies(
            drifted -> {
              assertThat(drifted.name()).isEqualTo("reverted");
              assertThat(drifted.status()).isEqualTo(ResourceStatus.PENDING);
            });
    assertThat(audited.blocked())
        .anySatisfy(line -> assertThat(line).contains("is held: the controller is suspended"));
    assertThat(applies(audited)).hasSize(1);
  }

  @Test
  void resumingCatchesUpToTheNewestCommitAtOnce() throws Exception {
    controller.controller.suspend();
    controller.until(s -> s.state().suspended());
    controller.commit(TWO_POLICIES + Definitions.network("more"));
    controller.pass(Duration.ofMinutes(1));
    String newest =
        controller.commit(
            TWO_POLICIES + Definitions.network("more") + Definitions.network("newest"));
    controller.pass(Duration.ofMinutes(1));
    assertThat(
            controller
                .until(s -> newest.equals(s.state().headRevision()))
                .state()
                .lastAppliedRevision())
        .isEqualTo(applied);

    controller.controller.resume();
    ControllerStatus caughtUp = controller.untilApplied(newest);

    assertThat(caughtUp.state().suspended()).isFalse();
    assertThat(controller.provider().live).containsKeys("more", "newest");
    assertThat(applies(caughtUp))
        .extracting(ControllerRun::revision)
        .containsExactly(newest, applied);
  }
}
