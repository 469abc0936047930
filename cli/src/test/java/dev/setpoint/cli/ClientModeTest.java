package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.setpoint.orchestrator.provider.ProviderRegistry;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.workflows.EmbeddedTemporal;
import dev.setpoint.workflows.RunSettings;
import dev.setpoint.workflows.SetpointWorkers;
import dev.setpoint.workflows.SharedCloudProvider;
import dev.setpoint.workflows.TemporalConnection;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowNotFoundException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands as clients of a Temporal server named by {@code TEMPORAL_ADDRESS} (here an embedded
 * server the test owns), with workers started by the test or by {@code setpoint worker}, or none.
 */
class ClientModeTest {

  @TempDir Path folder;
  TestRepository repository;
  String commit;
  EmbeddedTemporal server;
  TemporalConnection connection;
  SetpointWorkers workers;

  @BeforeEach
  void startAServer() throws Exception {
    SharedCloudProvider.reset();
    System.setProperty("setpoint.home", folder.resolve("home").toString());
    repository = TestRepository.init(folder.resolve("repo"));
    repository.write("envs/dev/environment.yaml", ReconcileCommandsTest.ENVIRONMENT);
    commit = repository.commit("dev environment");
    server = EmbeddedTemporal.start();
    connection = TemporalConnection.connect(server.address(), "default");
    System.setProperty("setpoint.temporal.address", server.address());
  }

  @AfterEach
  void stop() {
    if (workers != null) {
      workers.close();
    }
    connection.close();
    server.close();
    repository.close();
    System.clearProperty("setpoint.home");
    System.clearProperty("setpoint.temporal.address");
  }

  String env() {
    return repository.root().resolve("envs/dev").toString();
  }

  void startWorkers() {
    workers =
        SetpointWorkers.start(
            connection.client(),
            ProviderRegistry.load(),
            SchemaRegistry.load(),
            folder.resolve("worker-home"),
            RunSettings.DEFAULT_TASK_QUEUE,
            Set.of(RunSettings.DEFAULT_TASK_QUEUE));
  }

  WorkflowExecutionStatus status(String workflowId) {
    try {
      return connection.client().newUntypedWorkflowStub(workflowId).describe().getStatus();
    } catch (WorkflowNotFoundException none) {
      return null;
    }
  }

  @Test
  void aSecondRunThatChangesTheEnvironmentIsRefusedWhileOneRuns() throws Exception {
    startWorkers();
    SharedCloudProvider.slowApplyOf("net", Duration.ofSeconds(4));
    CompletableFuture<CliRun> first =
        CompletableFuture.supplyAsync(() -> CliRun.of("apply", env()));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                status("setpoint-dev-apply")
                    == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

    CliRun destroy = CliRun.of("destroy", env());
    CliRun apply = CliRun.of("apply", env());
    CliRun plan = CliRun.of("plan", env());

    String refusal =
        "error: another run is changing environment \"dev\": workflow setpoint-dev-apply is"
            + " running; wait for it to finish, or cancel it in Temporal\n";
    assertThat(destroy.exitCode()).isEqualTo(1);
    assertThat(destroy.err()).isEqualTo(refusal);
    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.err()).isEqualTo(refusal);
    assertThat(plan.exitCode()).as("a read-only run may run beside it").isEqualTo(2);
    CliRun finished = first.get(30, TimeUnit.SECONDS);
    assertThat(finished.exitCode()).as(finished.err()).isZero();
    assertThat(CliRun.of("destroy", env()).exitCode())
        .as("allowed once the apply is done")
        .isZero();
  }

  @Test
  void withoutAWorkerTheClientSaysSoWithinSecondsAndTerminatesItsRun() {
    long started = System.nanoTime();

    CliRun apply = CliRun.of("apply", env());

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.out())
        .isEqualTo(
            "apply dev at " + commit.substring(0, 7) + " (main): workflow setpoint-dev-apply\n");
    assertThat(apply.err())
        .isEqualTo(
            "error: no worker is polling task queue \"setpoint\" at "
                + server.address()
                + ": start one with \"setpoint worker\" (this run, setpoint-dev-apply, was"
                + " terminated and will not run later)\n");
    assertThat(status("setpoint-dev-apply"))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
  }

  @Test
  void theWorkerCommandServesTheRunsOfClientsUntilInterrupted() throws Exception {
    AtomicReference<CliRun> worker = new AtomicReference<>();
    Thread workerThread = new Thread(() -> worker.set(CliRun.of("worker")), "setpoint-worker");
    workerThread.start();
    try {
      CliRun apply = CliRun.of("apply", env());

      assertThat(apply.exitCode()).as(apply.err()).isZero();
      assertThat(SharedCloudProvider.live()).containsOnlyKeys("net", "sub");
    } finally {
      workerThread.interrupt();
      workerThread.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(worker.get().exitCode()).as(worker.get().err()).isZero();
    // the real providers built so far (terraform, ...) are on the test classpath too
    assertThat(worker.get().out())
        .matches(
            "worker on task queue \"setpoint\" at "
                + java.util.regex.Pattern.quote(server.address())
                + " \\(namespace default\\): workflows and steps of providers test(, [a-z0-9]+)*;"
                + " stop it with Ctrl-C\nworker stopped\n");
  }

  @Test
  void theWorkerNeedsATemporalAddress() {
    System.setProperty("setpoint.temporal.address", "");

    CliRun worker = CliRun.of("worker");

    assertThat(worker.exitCode()).isEqualTo(1);
    assertThat(worker.err().lines()).hasSize(1);
    assertThat(worker.err()).startsWith("error: setpoint worker serves a Temporal server: set");
  }

  @Test
  void theWorkerRefusesProvidersItDoesNotHave() {
    CliRun worker = CliRun.of("worker", "--providers", "gcp,test");

    assertThat(worker.exitCode()).isEqualTo(1);
    assertThat(worker.err())
        .matches(
            "error: no provider named gcp in this build \\(providers here:"
                + " test(, [a-z0-9]+)*\\)\n");
  }

  @Test
  void workerHelpSaysWhatItServes() {
    CliRun help = CliRun.of("worker", "--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("Usage: setpoint worker")
        .contains("--task-queue=QUEUE")
        .contains("--providers=NAME")
        .contains("TEMPORAL_ADDRESS")
        .contains("Exit codes:");
  }

  @Test
  void anUnreachableServerIsOneLine() {
    System.setProperty("setpoint.temporal.address", "127.0.0.1:1");

    CliRun plan = CliRun.of("plan", env());

    assertThat(plan.exitCode()).isEqualTo(1);
    assertThat(plan.err())
        .isEqualTo(
            "error: cannot reach Temporal at 127.0.0.1:1 (TEMPORAL_ADDRESS): UNAVAILABLE: check the"
                + " address, or unset TEMPORAL_ADDRESS to use an embedded server\n");
  }
}
