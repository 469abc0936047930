package dev.setpoint.workflows;

import dev.setpoint.orchestrator.git.TrustedSigners;
import dev.setpoint.orchestrator.provider.ProviderRegistry;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import dev.setpoint.workflows.controller.ControllerDirectoryImpl;
import dev.setpoint.workflows.controller.EnvironmentControllerImpl;
import dev.setpoint.workflows.notify.NotificationActivitiesImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The workers of one process: on the default task queue the workflows, the source activities and
 * every provider's steps; on each extra queue only provider steps (a worker inside a cluster or an
 * account serves its provider's queue and holds only that target's credentials).
 */
public final class SetpointWorkers implements AutoCloseable {

  private final WorkerFactory factory;
  private final SourceTrees sources;

  private SetpointWorkers(WorkerFactory factory, SourceTrees sources) {
    this.factory = factory;
    this.sources = sources;
  }

  /**
   * Registers and starts the workers.
   *
   * @param workflowQueue the queue of workflows and source activities, or null for a worker that
   *     runs provider steps only
   * @param providerQueues the queues whose provider steps this process runs
   */
  public static SetpointWorkers start(
      WorkflowClient client,
      ProviderRegistry providers,
      SchemaRegistry schemas,
      Path setpointHome,
      String workflowQueue,
      Set<String> providerQueues) {
    return start(
        client,
        providers,
        schemas,
        setpointHome,
        workflowQueue,
        providerQueues,
        TrustedSigners.ANYONE);
  }

  /**
   * Registers and starts the workers, which apply only commits that {@code signers} trust.
   *
   * @param signers the worker's own trust lists, checked besides each run's
   */
  public static SetpointWorkers start(
      WorkflowClient client,
      ProviderRegistry providers,
      SchemaRegistry schemas,
      Path setpointHome,
      String workflowQueue,
      Set<String> providerQueues,
      TrustedSigners signers) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    SourceTrees sources = new SourceTrees(setpointHome.resolve("repos"));
    ResourceActivitiesImpl steps =
        new ResourceActivitiesImpl(providers, sources, setpointHome.resolve("work"));
    Set<String> queues = new LinkedHashSet<>();
    if (workflowQueue != null) {
      queues.add(workflowQueue);
    }
    queues.addAll(providerQueues);
    for (String queue : queues) {
      Worker worker = factory.newWorker(queue);
      if (queue.equals(workflowQueue)) {
        worker.registerWorkflowImplementationTypes(
            ReconcileEnvironmentImpl.class,
            ReconcilePartitionImpl.class,
            EnvironmentControllerImpl.class,
            ControllerDirectoryImpl.class);
        worker.registerActivitiesImplementations(
            new SourceActivitiesImpl(sources, schemas, signers), new NotificationActivitiesImpl());
      }
      worker.registerActivitiesImplementations(steps);
    }
    factory.start();
    return new SetpointWorkers(factory, sources);
  }

  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    sources.close();
  }
}
