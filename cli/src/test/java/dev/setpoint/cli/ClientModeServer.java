package dev.setpoint.cli;

import dev.setpoint.orchestrator.provider.ProviderRegistry;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import dev.setpoint.workflows.EmbeddedTemporal;
import dev.setpoint.workflows.RunSettings;
import dev.setpoint.workflows.SetpointWorkers;
import dev.setpoint.workflows.TemporalConnection;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.util.Set;

/**
 * A Temporal server that commands reach as TEMPORAL_ADDRESS (the system property), and the workers
 * {@code setpoint worker} would run against it, started when a test wants them.
 */
final class ClientModeServer implements AutoCloseable {

  final EmbeddedTemporal server;
  final TemporalConnection connection;
  private final Path workerHome;
  private SetpointWorkers workers;

  private ClientModeServer(EmbeddedTemporal server, TemporalConnection connection, Path home) {
    this.server = server;
    this.connection = connection;
    this.workerHome = home;
  }

  /** Starts the server; {@code searchAttributes} registers Setpoint's, as workers do. */
  static ClientModeServer start(Path workerHome, boolean searchAttributes) {
    EmbeddedTemporal server = EmbeddedTemporal.start();
    TemporalConnection connection = TemporalConnection.connect(server.address(), "default");
    if (searchAttributes) {
      connection.registerSearchAttributes();
    }
    System.setProperty("setpoint.temporal.address", server.address());
    return new ClientModeServer(server, connection, workerHome);
  }

  /** Workers of every provider on the default task queue, as {@code setpoint worker} runs them. */
  ClientModeServer startWorkers() {
    workers =
        SetpointWorkers.start(
            connection.client(),
            ProviderRegistry.load(),
            SchemaRegistry.load(),
            workerHome,
            RunSettings.DEFAULT_TASK_QUEUE,
            Set.of(RunSettings.DEFAULT_TASK_QUEUE));
    return this;
  }

  WorkflowClient client() {
    return connection.client();
  }

  @Override
  public void close() {
    if (workers != null) {
      workers.close();
    }
    connection.close();
    server.close();
    System.clearProperty("setpoint.temporal.address");
  }
}
