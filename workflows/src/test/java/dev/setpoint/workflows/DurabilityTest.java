package dev.setpoint.workflows;

import static dev.setpoint.workflows.WorkflowHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.setpoint.orchestrator.report.ResourceResult;
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

/**
 * A worker that dies in the middle of a step loses nothing: the step is retried on a fresh worker
 * once its heartbeat times out, and the provider's find by identity makes the repeat harmless.
 *
 * <p>The worker that dies runs the provider's steps on their own task queue (a {@code setpoint
 * worker --providers test}); the workflow's worker lives on. Killing a workflow worker as well
 * strands the run on the in-process test server: a workflow task scheduled after the kill is never
 * handed to the fresh worker (seen with temporal-testing 1.38), where a real server would. The
 * harness's workflow worker keeps no cache, so each of its workflow tasks replays the history as a
 * fresh worker would.
 */
class DurabilityTest {

  static final String PROVIDER_QUEUE = "test-provider";

  @TempDir Path folder;
  WorkflowHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = new WorkflowHarness(folder);
    harness.startProviderWorker(PROVIDER_QUEUE);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aRunSurvivesItsWorkerDyingMidStepAndCreatesEachResourceOnce() throws Exception {
    harness.commit(
        "  providers:\n    test: {taskQueue: " + PROVIDER_QUEUE + "}\n",
        Definitions.network("net")
            + Definitions.subnetOf("slow", "net")
            + Definitions.network("after", "slow"));
    // The subnet exists live at once, then its apply takes its time: the crash lands in between.
    harness.provider.applyDelay.put("slow", Duration.ofSeconds(5));
    RunSettings settings = RunSettings.defaults().withHeartbeatTimeout(Duration.ofSeconds(2));

    WorkflowStub run = harness.start(RunMode.APPLY, settings);
    await().atMost(Duration.ofSeconds(30)).until(() -> harness.provider.live.containsKey("slow"));
    harness.restartProviderWorkerAbruptly();
    RunReport report = run.getResult(RunReport.class);

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.resources())
        .extracting(ResourceResult::status)
        .containsOnly(ResourceStatus.SUCCEEDED);
    assertThat(harness.provider.live).containsOnlyKeys("net", "slow", "after");
    assertThat(harness.provider.createsOf("net")).isEqualTo(1);
    assertThat(harness.provider.createsOf("slow")).isEqualTo(1);
    assertThat(harness.provider.createsOf("after")).isEqualTo(1);
    // The step ran on the first worker and again on the second.
    assertThat(resource(report, "slow").attempts()).isGreaterThan(1);
  }
}
