package dev.setpoint.workflows;

import dev.setpoint.orchestrator.provider.ProviderRegistry;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.orchestrator.testing.TestSchema;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * A Temporal test environment with Setpoint's workflow and activities registered against an {@link
 * InMemoryProvider}, and a real Git repository holding the environment.
 */
final class WorkflowHarness implements AutoCloseable {

  static final String ENVIRONMENT_FILE = "envs/dev/environment.yaml";

  final TestWorkflowEnvironment temporal;
  final InMemoryProvider provider = new InMemoryProvider();
  final TestRepository repository;
  final Path home;
  private final SourceTrees sources;

  WorkflowHarness(Path folder) throws Exception {
    repository = TestRepository.init(folder.resolve("repo"));
    repository.write("modules/app/main.tf", "# a module\n");
    home = folder.resolve("home");
    temporal = TestWorkflowEnvironment.newInstance();
    for (var key :
        new io.temporal.common.SearchAttributeKey<?>[] {
          RunSearchAttributes.ENVIRONMENT, RunSearchAttributes.REVISION, RunSearchAttributes.MODE
        }) {
      temporal.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    temporal.registerSearchAttribute(
        RunSearchAttributes.DRIFTED.getName(), IndexedValueType.INDEXED_VALUE_TYPE_BOOL);
    sources = new SourceTrees(home.resolve("repos"));
    Worker worker = temporal.newWorker(RunSettings.DEFAULT_TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(ReconcileEnvironmentImpl.class);
    worker.registerActivitiesImplementations(
        new SourceActivitiesImpl(sources, TestSchema.registry()),
        new ResourceActivitiesImpl(ProviderRegistry.of(provider), sources, home.resolve("work")));
    temporal.start();
  }

  /** Commits the environment file with this body under its header. */
  String commit(String resources) throws Exception {
    repository.write(
        ENVIRONMENT_FILE,
        """
        apiVersion: setpoint.dev/v1alpha1
        kind: Environment
        metadata:
          name: dev
        spec:
          resources:
        """
            + resources);
    return repository.commit("change");
  }

  RunReport run(RunMode mode) {
    return run(mode, false, RunSettings.defaults());
  }

  RunReport run(RunMode mode, boolean revert, RunSettings settings) {
    return stub(mode).reconcile(request(mode, revert, settings));
  }

  ReconcileRequest request(RunMode mode, boolean revert, RunSettings settings) {
    return new ReconcileRequest(
        new EnvironmentSource(repository.root().toString(), false, "envs/dev", null, null),
        mode,
        revert,
        settings);
  }

  ReconcileEnvironment stub(RunMode mode) {
    WorkflowClient client = temporal.getWorkflowClient();
    return client.newWorkflowStub(
        ReconcileEnvironment.class,
        WorkflowOptions.newBuilder()
            .setTaskQueue(RunSettings.DEFAULT_TASK_QUEUE)
            .setWorkflowId("setpoint-dev-" + mode.reportName() + "-" + UUID.randomUUID())
            .setTypedSearchAttributes(RunSearchAttributes.atStart("dev", mode.reportName()))
            .setWorkflowExecutionTimeout(Duration.ofMinutes(10))
            .build());
  }

  @Override
  public void close() {
    temporal.close();
    sources.close();
    repository.close();
  }
}
