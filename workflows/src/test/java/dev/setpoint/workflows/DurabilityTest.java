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
import java.util.Locale;
import java.util.concurrent.TimeUnit;
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

  /**
   * Starts an apply of a network and its subnet "slow" (with {@code slowSettings} under it, then
   * {@code more} resources) whose step is in the middle when this returns: the subnet exists live
   * at once, then its apply takes its time, so a worker killed now dies mid-step.
   */
  WorkflowStub applyUntilMidStep(String slowSettings, String more) throws Exception {
    harness.commit(
        "  providers:\n    test: {taskQueue: " + PROVIDER_QUEUE + "}\n",
        Definitions.network("net") + Definitions.subnetOf("slow", "net") + slowSettings + more);
    harness.provider.applyDelay.put("slow", Duration.ofSeconds(5));
    RunSettings settings = RunSettings.defaults().withHeartbeatTimeout(Duration.ofSeconds(2));
    WorkflowStub run = harness.start(RunMode.APPLY, settings);
    await().atMost(Duration.ofSeconds(30)).until(() -> harness.provider.live.containsKey("slow"));
    return run;
  }

  @Test
  void aRunSurvivesItsWorkerDyingMidStepAndCreatesEachResourceOnce() throws Exception {
    WorkflowStub run = applyUntilMidStep("", Definitions.network("after", "slow"));
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

  @Test
  void aStepAllowedOneAttemptWhoseWorkerDiesFailsAndTheRunEnds() throws Exception {
    WorkflowStub run =
        applyUntilMidStep("    retry: {maxAttempts: 1}\n", Definitions.network("after", "slow"));
    harness.restartProviderWorkerAbruptly();
    // A bound far above the heartbeat timeout, so a hang fails the test instead of blocking it.
    RunReport report = run.getResult(2, TimeUnit.MINUTES, RunReport.class);

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    ResourceResult slow = resource(report, "slow");
    assertThat(slow.status()).isEqualTo(ResourceStatus.FAILED);
    // Not retried on the fresh worker: the provider was asked to apply it once.
    assertThat(harness.provider.count("apply", "slow")).isEqualTo(1);
    assertThat(slow.error()).satisfies(DurabilityTest::endedByTheWorkersDeath);
    assertThat(resource(report, "after").status()).isEqualTo(ResourceStatus.SKIPPED);
    assertThat(harness.provider.live).doesNotContainKey("after");
  }

  @Test
  void whenTheDeadWorkerIsTheQueuesLastThePruneListingWaitsForOneAndTheRunThenEnds()
      throws Exception {
    WorkflowStub run = applyUntilMidStep("    retry: {maxAttempts: 1}\n", "");
    String workflowId = run.getExecution().getWorkflowId();
    harness.stopProviderWorkerAbruptly();
    // The step fails by its heartbeat timeout; then prune's listing runs on the same task queue,
    // where nobody is left to take it: the run waits for a worker (up to the schedule-to-start
    // timeout), it does not hang in the failed step.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> harness.pendingActivities(workflowId).contains("ResourceListManaged"));
    assertThat(harness.pendingActivities(workflowId)).doesNotContain("ResourceApply");

    harness.startProviderWorker(PROVIDER_QUEUE);
    RunReport report = run.getResult(2, TimeUnit.MINUTES, RunReport.class);
    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(harness.provider.count("apply", "slow")).isEqualTo(1);
    assertThat(resource(report, "slow").error()).satisfies(DurabilityTest::endedByTheWorkersDeath);
  }

  /**
   * A dying worker either goes silent (the heartbeat timeout ends the attempt) or, when its threads
   * outlive the interrupt long enough, still reports the interrupted step: timing decides which.
   */
  static void endedByTheWorkersDeath(String error) {
    assertThat(error.toLowerCase(Locale.ROOT).contains("heartbeat") || error.equals("interrupted"))
        .as("ended by the heartbeat timeout or the worker's interrupt: %s", error)
        .isTrue();
  }
}
