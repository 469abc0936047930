package dev.setpoint.workflows;

import static dev.setpoint.workflows.WorkflowHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.provider.Plan.Action;
import dev.setpoint.orchestrator.report.ExitCodes;
import dev.setpoint.orchestrator.report.ResourceResult;
import dev.setpoint.orchestrator.report.ResourceStatus;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift audits: found drift is reported (exit 2) or reverted (exit 0) as the request and each
 * resource's policy allow; {@code ignore} is not even observed.
 */
class DriftTest {

  @TempDir Path folder;
  WorkflowHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = new WorkflowHarness(folder);
    harness.commit(
        """
          - name: reverted
            type: test:net/Network
            properties: {cidrBlock: 10.0.0.0/16, enableDns: true}
          - name: reported
            type: test:net/Network
            drift: report
            properties: {cidrBlock: 10.0.0.0/16, enableDns: true}
          - name: ignored
            type: test:net/Network
            drift: ignore
            properties: {cidrBlock: 10.0.0.0/16, enableDns: true}
        """);
    assertThat(harness.run(RunMode.APPLY).status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void noDriftIsInSync() {
    RunReport report = harness.drift(false);

    assertThat(report.resources()).extracting(ResourceResult::drifted).containsOnly(false);
    assertThat(report.resources())
        .extracting(ResourceResult::status)
        .containsOnly(ResourceStatus.SUCCEEDED);
    assertThat(ExitCodes.of(report)).isEqualTo(ExitCodes.SUCCESS);
  }

  @Test
  void driftWithoutRevertIsReportedAndLeftInPlace() {
    harness.provider.changeLive("reverted", "enableDns", false);

    RunReport report = harness.drift(false);

    ResourceResult drifted = resource(report, "reverted");
    assertThat(drifted.drifted()).isTrue();
    assertThat(drifted.status()).isEqualTo(ResourceStatus.PENDING);
    assertThat(drifted.action()).isEqualTo(Action.UPDATE);
    assertThat(drifted.changes())
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.path()).isEqualTo("enableDns");
              assertThat(change.before()).isEqualTo(false);
              assertThat(change.after()).isEqualTo(true);
            });
    assertThat(harness.provider.live.get("reverted").properties())
        .containsEntry("enableDns", false);
    assertThat(harness.provider.count("apply", "reverted")).isEqualTo(1);
    assertThat(ExitCodes.of(report)).isEqualTo(ExitCodes.CHANGES);
  }

  @Test
  void revertRestoresLiveWherePolicyAllows() {
    harness.provider.changeLive("reverted", "enableDns", false);

    RunReport report = harness.drift(true);

    ResourceResult reverted = resource(report, "reverted");
    assertThat(reverted.drifted()).isTrue();
    assertThat(reverted.status()).isEqualTo(ResourceStatus.SUCCEEDED);
    assertThat(reverted.action()).isEqualTo(Action.UPDATE);
    assertThat(harness.provider.live.get("reverted").properties()).containsEntry("enableDns", true);
    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(ExitCodes.of(report)).isEqualTo(ExitCodes.SUCCESS);
  }

  @Test
  void aReportPolicyIsNotRevertedEvenWhenRevertIsAsked() {
    harness.provider.changeLive("reported", "enableDns", false);

    RunReport report = harness.drift(true);

    ResourceResult reported = resource(report, "reported");
    assertThat(reported.drifted()).isTrue();
    assertThat(reported.status()).isEqualTo(ResourceStatus.PENDING);
    assertThat(harness.provider.live.get("reported").properties())
        .containsEntry("enableDns", false);
    assertThat(ExitCodes.of(report)).isEqualTo(ExitCodes.CHANGES);
  }

  @Test
  void anIgnorePolicyIsNotObservedAtAll() {
    harness.provider.changeLive("ignored", "enableDns", false);
    long observedBefore = harness.provider.count("observe", "ignored");

    RunReport report = harness.drift(true);

    ResourceResult ignored = resource(report, "ignored");
    assertThat(ignored.drifted()).isFalse();
    assertThat(ignored.status()).isEqualTo(ResourceStatus.SUCCEEDED);
    assertThat(harness.provider.count("observe", "ignored")).isEqualTo(observedBefore);
    assertThat(harness.provider.live.get("ignored").properties()).containsEntry("enableDns", false);
    assertThat(ExitCodes.of(report)).isEqualTo(ExitCodes.SUCCESS);
  }

  @Test
  void aDeletedResourceIsDriftAndIsRecreatedOnRevert() {
    harness.provider.live.remove("reverted");

    RunReport reportOnly = harness.drift(false);

    assertThat(resource(reportOnly, "reverted").drifted()).isTrue();
    assertThat(resource(reportOnly, "reverted").status()).isEqualTo(ResourceStatus.PENDING);
    assertThat(ExitCodes.of(reportOnly)).isEqualTo(ExitCodes.CHANGES);
    assertThat(harness.provider.live).doesNotContainKey("reverted");

    RunReport reverted = harness.drift(true);

    assertThat(resource(reverted, "reverted").drifted()).isTrue();
    assertThat(resource(reverted, "reverted").action()).isEqualTo(Action.CREATE);
    assertThat(resource(reverted, "reverted").status()).isEqualTo(ResourceStatus.SUCCEEDED);
    assertThat(harness.provider.live).containsKey("reverted");
    assertThat(harness.provider.createsOf("reverted")).isEqualTo(2);
    assertThat(ExitCodes.of(reverted)).isEqualTo(ExitCodes.SUCCESS);
  }
}
