package dev.setpoint.cli;

import dev.setpoint.orchestrator.git.TrustedSigners;
import dev.setpoint.orchestrator.provider.ProviderRegistry;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import dev.setpoint.workflows.EmbeddedTemporal;
import dev.setpoint.workflows.RunSettings;
import dev.setpoint.workflows.SetpointWorkers;
import dev.setpoint.workflows.TemporalConnection;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The Temporal a command talks to. Without {@code TEMPORAL_ADDRESS} it is an embedded server with
 * this process's workers on it, for this one command; with it, only a client of that server, and
 * workers run elsewhere ({@code setpoint worker}).
 */
final class TemporalSession implements AutoCloseable {

  private final EmbeddedTemporal embedded;
  private final TemporalConnection connection;
  private final ProviderRegistry providers;
  private final SetpointWorkers workers;
  private final boolean searchAttributes;

  private TemporalSession(
      EmbeddedTemporal embedded,
      TemporalConnection connection,
      ProviderRegistry providers,
      SetpointWorkers workers,
      boolean searchAttributes) {
    this.embedded = embedded;
    this.connection = connection;
    this.providers = providers;
    this.workers = workers;
    this.searchAttributes = searchAttributes;
  }

  /**
   * Connects, or starts the embedded server and workers.
   *
   * @param providerQueues the task queues the definition's providers name besides the default; the
   *     embedded workers serve them all
   */
  static TemporalSession open(TemporalSettings settings, Set<String> providerQueues) {
    if (!settings.embedded()) {
      TemporalConnection connection = connect(settings);
      return new TemporalSession(
          null, connection, null, null, connection.registerSearchAttributes());
    }
    EmbeddedTemporal embedded = EmbeddedTemporal.start();
    TemporalConnection connection = null;
    ProviderRegistry providers = null;
    try {
      connection = TemporalConnection.connect(embedded.address(), settings.namespace());
      boolean searchAttributes = connection.registerSearchAttributes();
      providers = ProviderRegistry.load();
      Set<String> queues = new LinkedHashSet<>();
      queues.add(RunSettings.DEFAULT_TASK_QUEUE);
      queues.addAll(providerQueues);
      SetpointWorkers workers =
          startWorkers(connection, providers, RunSettings.DEFAULT_TASK_QUEUE, queues);
      return new TemporalSession(embedded, connection, providers, workers, searchAttributes);
    } catch (RuntimeException failed) {
      if (providers != null) {
        providers.close();
      }
      if (connection != null) {
        connection.close();
      }
      embedded.close();
      throw failed;
    }
  }

  /**
   * A client of the configured server, checked to answer within a few seconds so that a wrong
   * address is one clear line rather than a hang.
   */
  static TemporalConnection connect(TemporalSettings settings) {
    TemporalConnection connection =
        TemporalConnection.connect(settings.address(), settings.namespace());
    try {
      connection
          .client()
          .getWorkflowServiceStubs()
          .blockingStub()
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return connection;
    } catch (StatusRuntimeException unreachable) {
      connection.close();
      throw new CommandException(
          "cannot reach Temporal at "
              + settings.address()
              + " (TEMPORAL_ADDRESS): "
              + unreachable.getStatus().getCode()
              + ": check the address, or unset TEMPORAL_ADDRESS to use an embedded server",
          unreachable);
    }
  }

  WorkflowClient client() {
    return connection.client();
  }

  /** Whether the server knows Setpoint's search attributes, so runs can carry them. */
  boolean searchAttributes() {
    return searchAttributes;
  }

  /** Whether the server and the workers live in this process, for this command only. */
  boolean embedded() {
    return embedded != null;
  }

  @Override
  public void close() {
    try {
      if (workers != null) {
        workers.close();
      }
      if (providers != null) {
        providers.close();
      }
    } finally {
      connection.close();
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  /**
   * Workers of this process for {@code queues}, with the schemas on the class path and {@code
   * SETPOINT_HOME}; {@code workflowQueue} null runs provider steps only.
   */
  static SetpointWorkers startWorkers(
      TemporalConnection connection,
      ProviderRegistry providers,
      String workflowQueue,
      Set<String> queues) {
    return startWorkers(connection, providers, workflowQueue, queues, TrustedSigners.ANYONE);
  }

  /** The same, applying only commits that {@code signers} trust. */
  static SetpointWorkers startWorkers(
      TemporalConnection connection,
      ProviderRegistry providers,
      String workflowQueue,
      Set<String> queues,
      TrustedSigners signers) {
    return SetpointWorkers.start(
        connection.client(),
        providers,
        SchemaRegistry.load(),
        SetpointHome.directory(),
        workflowQueue,
        queues,
        signers);
  }
}
