package dev.setpoint.workflows;

import static org.awaitility.Awaitility.await;

import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.workflows.controller.ControllerRequest;
import dev.setpoint.workflows.controller.ControllerRun;
import dev.setpoint.workflows.controller.ControllerSettings;
import dev.setpoint.workflows.controller.ControllerStatus;
import dev.setpoint.workflows.controller.EnvironmentController;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A {@link WorkflowHarness} on the skipped clock with one {@link EnvironmentController} following
 * the harness repository's HEAD. Time moves only in {@link #pass}; everything else waits in real
 * time for runs to finish.
 */
final class ControllerHarness implements AutoCloseable {

  /** What the tests commit under {@code spec}: a poll a minute, an audit every ten. */
  static final String SYNC = "  sync: {interval: 1m, driftInterval: 10m}\n";

  final WorkflowHarness harness;
  EnvironmentController controller;
  String workflowId;

  ControllerHarness(Path folder) throws Exception {
    harness = new WorkflowHarness(folder, true);
  }

  String commit(String resources) throws Exception {
    return harness.commit(SYNC, resources);
  }

  InMemoryProvider provider() {
    return harness.provider;
  }

  EnvironmentSource following() {
    return new EnvironmentSource(
        harness.repository.root().toString(), false, "envs/dev", null, null);
  }

  void start() {
    start(ControllerSettings.defaults());
  }

  void start(ControllerSettings settings) {
    start(following(), settings);
  }

  void start(EnvironmentSource source, ControllerSettings settings) {
    workflowId = EnvironmentController.workflowId(source.repository(), source.path(), source.ref());
    controller =
        harness
            .temporal
            .getWorkflowClient()
            .newWorkflowStub(
                EnvironmentController.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(RunSettings.DEFAULT_TASK_QUEUE)
                    .setWorkflowId(workflowId)
                    .setMemo(EnvironmentController.memo(source))
                    .setTypedSearchAttributes(
                        RunSearchAttributes.atStart(WorkflowHarness.ENVIRONMENT, "controller"))
                    .build());
    WorkflowClient.start(controller::control, new ControllerRequest(source, settings, null));
  }

  /** Moves the skipped clock on; timers due in that span fire. */
  void pass(Duration duration) {
    harness.temporal.sleep(duration);
  }

  /** Waits in real time for the status to satisfy {@code condition}, and returns it. */
  ControllerStatus until(Predicate<ControllerStatus> condition) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(controller::status, condition);
  }

  ControllerStatus untilApplied(String revision) {
    return until(
        status ->
            revision.equals(status.state().lastAppliedRevision()) && status.running() == null);
  }

  /** The controller's current run, for describe (memo, search attributes, run ID). */
  WorkflowStub stub() {
    return harness.temporal.getWorkflowClient().newUntypedWorkflowStub(workflowId);
  }

  static List<ControllerRun> applies(ControllerStatus status) {
    return status.state().recentRuns().stream().filter(r -> r.mode() == RunMode.APPLY).toList();
  }

  @Override
  public void close() {
    harness.close();
  }
}
