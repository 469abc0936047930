package dev.setpoint.workflows;

import static dev.setpoint.workflows.WorkflowHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.setpoint.orchestrator.report.ResourceStatus;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cancelled run (a person in the Temporal UI, or a controller superseding it with a newer commit)
 * stops cleanly: the step in flight finishes, nothing new starts, and the report says cancelled.
 */
class CancellationTest {

  @TempDir Path folder;
  WorkflowHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = new WorkflowHarness(folder);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void theStepInFlightFinishesAndNoNewStepStarts() throws Exception {
    harness.commit(Definitions.network("slow") + Definitions.network("after", "slow"));
    harness.provider.applyDelay.put("slow", Duration.ofSeconds(2));
    WorkflowStub run = harness.start(RunMode.APPLY, RunSettings.defaults());
    await().atMost(Duration.ofSeconds(30)).until(() -> harness.provider.live.containsKey("slow"));

    run.cancel();
    RunReport report = reportOfCancelled(run);

    assertThat(report.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(resource(report, "slow").status()).isEqualTo(ResourceStatus.SUCCEEDED);
    assertThat(harness.provider.finished("apply")).containsExactly("slow");
    assertThat(resource(report, "after").status()).isEqualTo(ResourceStatus.SKIPPED);
    assertThat(resource(report, "after").error()).isEqualTo(Results.NOT_STARTED);
    assertThat(harness.provider.live).doesNotContainKey("after");
  }

  /**
   * Temporal records the run as cancelled, with no result, once it ends; its report is still there
   * to read through the {@code progress} query.
   */
  private static RunReport reportOfCancelled(WorkflowStub run) {
    assertThatThrownBy(() -> run.getResult(RunReport.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(run.describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
    return run.query("progress", RunReport.class);
  }

  @Test
  void aCancelledApplyDoesNotPrune() throws Exception {
    harness.commit(Definitions.network("old"));
    assertThat(harness.run(RunMode.APPLY).status()).isEqualTo(RunStatus.SUCCEEDED);
    harness.commit(Definitions.network("slow"));
    harness.provider.applyDelay.put("slow", Duration.ofSeconds(2));
    WorkflowStub run = harness.start(RunMode.APPLY, RunSettings.defaults());
    await().atMost(Duration.ofSeconds(30)).until(() -> harness.provider.live.containsKey("slow"));

    run.cancel();
    RunReport report = reportOfCancelled(run);

    assertThat(report.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(harness.provider.live).containsKey("old");
    assertThat(harness.provider.finished("delete")).isEmpty();
  }
}
