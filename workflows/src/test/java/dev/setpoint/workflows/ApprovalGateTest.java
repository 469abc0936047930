package dev.setpoint.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.setpoint.orchestrator.report.PlanHash;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policy.approval: required}: an apply plans the whole environment, waits with the plan's
 * hash, applies nothing until that very hash is approved, and rejects any other.
 */
class ApprovalGateTest {

  static final String APPROVAL = "  policy: {approval: required}\n";

  @TempDir Path folder;
  WorkflowHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = new WorkflowHarness(folder);
    harness.commit(APPROVAL, Definitions.network("net") + Definitions.subnetOf("sub", "net"));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  /** Waits until the run publishes the plan it waits on. */
  static PendingApproval pending(WorkflowStub run) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> run.query("pendingApproval", PendingApproval.class), p -> p != null);
  }

  @Test
  void waitsWithThePlanHashAndAppliesNothingUntilThatHashIsApproved() {
    String planned = PlanHash.of(harness.run(RunMode.PLAN));
    WorkflowStub run = harness.start(RunMode.APPLY, RunSettings.defaults());

    PendingApproval pending = pending(run);

    assertThat(pending.planHash()).isEqualTo(planned);
    assertThat(pending.approveCommand()).isEqualTo("setpoint approve dev --plan " + planned);
    assertThat(pending.plan().resources()).extracting(r -> r.name()).contains("net", "sub");
    assertThat(harness.provider.live).isEmpty();
    assertThat(harness.provider.count("apply", "net")).isZero();
    assertThat(run.describe().getStatus())
        .isEqualTo(
            io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

    assertThatThrownBy(() -> run.update("approve", String.class, "0123456789abcdef"))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining(
            "stale plan 0123456789abcdef: the waiting plan is "
                + planned
                + "; run setpoint plan to read it");
    assertThat(harness.provider.live).isEmpty();

    assertThat(run.update("approve", String.class, planned)).isEqualTo(planned);
    RunReport report = run.getResult(RunReport.class);

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.mode()).isEqualTo(RunMode.APPLY);
    assertThat(harness.provider.live).containsKeys("net", "sub");
    assertThat(run.query("pendingApproval", PendingApproval.class)).isNull();
  }

  @Test
  void anApprovalWithNothingWaitingIsRejected() throws Exception {
    harness.commit(Definitions.network("net"));
    harness.provider.applyDelay.put("net", Duration.ofSeconds(2));
    WorkflowStub run = harness.start(RunMode.APPLY, RunSettings.defaults());

    assertThatThrownBy(() -> run.update("approve", String.class, "0123456789abcdef"))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("nothing waits for approval");
    assertThat(run.getResult(RunReport.class).status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void aPlanWithoutChangesNeedsNoApproval() {
    WorkflowStub first = harness.start(RunMode.APPLY, RunSettings.defaults());
    first.update("approve", String.class, pending(first).planHash());
    first.getResult(RunReport.class);

    RunReport again = harness.run(RunMode.APPLY);

    assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(again.resources()).extracting(r -> r.action().reportName()).containsOnly("none");
  }

  @Test
  void aFailedPlanAppliesNothingAndDoesNotWait() {
    harness.provider.failList = "the target is down";

    RunReport report = harness.run(RunMode.APPLY);

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(harness.provider.live).isEmpty();
  }
}
