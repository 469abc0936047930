package dev.setpoint.workflows;

import dev.setpoint.orchestrator.provider.ProviderRegistry;
import dev.setpoint.orchestrator.report.ResourceResult;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.orchestrator.testing.TestSchema;
import dev.setpoint.workflows.controller.EnvironmentControllerImpl;
import dev.setpoint.workflows.notify.NotificationActivitiesImpl;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A Temporal test environment with Setpoint's workflow and activities registered against an {@link
 * InMemoryProvider}, and a real Git repository holding the environment.
 *
 * <p>Time runs for real (no time skipping) unless a test asks: a skipped clock could time out the
 * heartbeat of a step that is merely slow, and the durability test needs a heartbeat timeout to
 * pass as it would on a server. Tests that retry set short retry intervals in their definitions.
 * The controller's tests skip time, since its intervals are minutes long.
 *
 * <p>The workers keep no workflow cache: every workflow task replays the whole history, as on a
 * fresh worker after a crash, so every test is also a determinism check.
 *
 * <p>{@link #startProviderWorker} runs the provider's steps in a process of their own, on the task
 * queue a definition names in {@code spec.providers.test.taskQueue}, as {@code setpoint worker
 * --providers test} would; a test can kill it in the middle of a step and start a fresh one.
 */
final class WorkflowHarness implements AutoCloseable {

  static final String ENVIRONMENT = "dev";
  static final String ENVIRONMENT_FILE = "envs/dev/environment.yaml";

  final TestWorkflowEnvironment temporal;

  /** The "cloud": it outlives worker restarts, as a real target would. */
  final InMemoryProvider provider = new InMemoryProvider();

  final TestRepository repository;

  /** The workflow worker's environment variables, where notification URLs are read. */
  final Map<String, String> workerVariables = new ConcurrentHashMap<>();

  final Path home;

  /** Git as the workflow worker reads it; a test can take it down for loads. */
  final GitOutage git;

  private final SourceTrees sources;
  private final WorkerFactory workers;
  private WorkerFactory providerWorkers;
  private String providerQueue;

  WorkflowHarness(Path folder) throws Exception {
    this(folder, false);
  }

  /**
   * @param timeSkipping run on Temporal's skipped clock, which moves only when the test sleeps on
   *     it ({@code temporal.sleep}): for the controller, whose intervals are minutes long
   */
  WorkflowHarness(Path folder, boolean timeSkipping) throws Exception {
    repository = TestRepository.init(folder.resolve("repo"));
    repository.write("modules/app/main.tf", "# a module\n");
    home = folder.resolve("home");
    temporal =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(timeSkipping).build());
    for (SearchAttributeKey<?> keyword :
        List.of(
            RunSearchAttributes.ENVIRONMENT,
            RunSearchAttributes.REVISION,
            RunSearchAttributes.MODE)) {
      temporal.registerSearchAttribute(
          keyword.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    temporal.registerSearchAttribute(
        RunSearchAttributes.DRIFTED.getName(), IndexedValueType.INDEXED_VALUE_TYPE_BOOL);
    sources = new SourceTrees(home.resolve("repos"));
    git = new GitOutage(new SourceActivitiesImpl(sources, TestSchema.registry()));
    workers = startWorkers();
  }

  private WorkerFactory startWorkers() {
    WorkerFactory factory = newFactory();
    Worker worker = factory.newWorker(RunSettings.DEFAULT_TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(
        ReconcileEnvironmentImpl.class,
        ReconcilePartitionImpl.class,
        EnvironmentControllerImpl.class);
    worker.registerActivitiesImplementations(
        git, resourceActivities(), new NotificationActivitiesImpl(workerVariables::get));
    factory.start();
    return factory;
  }

  /** A worker of provider steps only, on {@code taskQueue}. */
  void startProviderWorker(String taskQueue) {
    providerWorkers = newFactory();
    providerWorkers.newWorker(taskQueue).registerActivitiesImplementations(resourceActivities());
    providerWorkers.start();
    providerQueue = taskQueue;
  }

  /**
   * Kills the provider worker as a crash would (steps in flight are interrupted and never report
   * back), then starts a fresh one against the same provider.
   */
  void restartProviderWorkerAbruptly() {
    stopProviderWorkerAbruptly();
    startProviderWorker(providerQueue);
  }

  /** Kills the provider worker as a crash would, leaving its task queue without a worker. */
  void stopProviderWorkerAbruptly() {
    providerWorkers.shutdownNow();
    providerWorkers.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** The activity types of a run that are scheduled or running now. */
  List<String> pendingActivities(String workflowId) {
    return temporal
        .getWorkflowClient()
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(temporal.getNamespace())
                .setExecution(
                    io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                        .setWorkflowId(workflowId))
                .build())
        .getPendingActivitiesList()
        .stream()
        .map(activity -> activity.getActivityType().getName())
        .toList();
  }

  private WorkerFactory newFactory() {
    return WorkerFactory.newInstance(
        temporal.getWorkflowClient(),
        WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
  }

  private ResourceActivitiesImpl resourceActivities() {
    return new ResourceActivitiesImpl(ProviderRegistry.of(provider), sources, home.resolve("work"));
  }

  /** Commits the environment file with these resources under its header. */
  String commit(String resources) throws Exception {
    return commit("", resources);
  }

  /**
   * Commits the environment file.
   *
   * @param spec more of {@code spec}, indented by two spaces ({@code " policy: {prune: false}\n"})
   * @param resources the entries of {@code spec.resources}, indented by two spaces
   */
  String commit(String spec, String resources) throws Exception {
    repository.write(
        ENVIRONMENT_FILE,
        """
        apiVersion: setpoint.dev/v1alpha1
        kind: Environment
        metadata:
          name: dev
        spec:
        """
            + spec
            + "  resources:"
            + (resources.isBlank() ? " []\n" : "\n" + resources));
    return repository.commit("change");
  }

  RunReport run(RunMode mode) {
    return run(mode, false, RunSettings.defaults());
  }

  RunReport run(RunMode mode, RunSettings settings) {
    return run(mode, false, settings);
  }

  RunReport drift(boolean revert) {
    return run(RunMode.DRIFT, revert, RunSettings.defaults());
  }

  RunReport run(RunMode mode, boolean revert, RunSettings settings) {
    return stub(mode).reconcile(request(mode, revert, settings));
  }

  /** Starts a run and returns at once; the stub answers queries and gives the result. */
  WorkflowStub start(RunMode mode, RunSettings settings) {
    ReconcileEnvironment workflow = stub(mode);
    WorkflowClient.start(workflow::reconcile, request(mode, false, settings));
    return WorkflowStub.fromTyped(workflow);
  }

  ReconcileRequest request(RunMode mode, boolean revert, RunSettings settings) {
    return new ReconcileRequest(
        new EnvironmentSource(repository.root().toString(), false, "envs/dev", null, null),
        mode,
        revert,
        settings);
  }

  ReconcileEnvironment stub(RunMode mode) {
    return temporal
        .getWorkflowClient()
        .newWorkflowStub(
            ReconcileEnvironment.class,
            options(mode)
                .setTypedSearchAttributes(
                    RunSearchAttributes.atStart(ENVIRONMENT, mode.reportName()))
                .build());
  }

  /** A stub as a client that sets no search attributes starts it (a server without them). */
  ReconcileEnvironment stubWithoutSearchAttributes(RunMode mode) {
    return temporal
        .getWorkflowClient()
        .newWorkflowStub(ReconcileEnvironment.class, options(mode).build());
  }

  private static WorkflowOptions.Builder options(RunMode mode) {
    return WorkflowOptions.newBuilder()
        .setTaskQueue(RunSettings.DEFAULT_TASK_QUEUE)
        .setWorkflowId("setpoint-dev-" + mode.reportName() + "-" + UUID.randomUUID())
        .setWorkflowExecutionTimeout(Duration.ofMinutes(10));
  }

  /** The report's entry for one resource. */
  static ResourceResult resource(RunReport report, String name) {
    return report.resources().stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + report.resources()));
  }

  WorkflowExecutionHistory history(String workflowId) {
    return temporal.getWorkflowClient().fetchHistory(workflowId);
  }

  @Override
  public void close() {
    for (WorkerFactory factory : new WorkerFactory[] {providerWorkers, workers}) {
      if (factory != null) {
        factory.shutdownNow();
        factory.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
    temporal.close();
    sources.close();
    repository.close();
  }
}
