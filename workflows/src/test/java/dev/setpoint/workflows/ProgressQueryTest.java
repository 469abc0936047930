package dev.setpoint.workflows;

import static dev.setpoint.workflows.WorkflowHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.setpoint.orchestrator.report.ResourceStatus;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code progress} query answers while a run is under way, resource by resource. */
class ProgressQueryTest {

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
  void progressShowsARunningRunWithEachResourcesState() throws Exception {
    String commit =
        harness.commit(
            Definitions.network("quick")
                + Definitions.network("slow")
                + Definitions.network("waiting", "slow"));
    harness.provider.applyDelay.put("slow", Duration.ofSeconds(2));

    WorkflowStub run = harness.start(RunMode.APPLY, RunSettings.defaults());
    ReconcileEnvironment workflow =
        harness
            .temporal
            .getWorkflowClient()
            .newWorkflowStub(ReconcileEnvironment.class, run.getExecution().getWorkflowId());
    RunReport progress =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                workflow::progress,
                report ->
                    report.resources().size() == 3
                        && resource(report, "quick").status() == ResourceStatus.SUCCEEDED);

    assertThat(progress.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(progress.revision()).isEqualTo(commit);
    assertThat(progress.mode()).isEqualTo(RunMode.APPLY);
    assertThat(resource(progress, "slow").status()).isEqualTo(ResourceStatus.PENDING);
    assertThat(resource(progress, "waiting").status()).isEqualTo(ResourceStatus.PENDING);

    RunReport finished = run.getResult(RunReport.class);
    assertThat(finished.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(resource(finished, "waiting").status()).isEqualTo(ResourceStatus.SUCCEEDED);
  }
}
