package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.setpoint.orchestrator.provider.ProviderRegistry;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.workflows.EmbeddedTemporal;
import dev.setpoint.workflows.ResourceActivitiesImpl;
import dev.setpoint.workflows.RunSettings;
import dev.setpoint.workflows.SetpointWorkers;
import dev.setpoint.workflows.SourceTrees;
import dev.setpoint.workflows.TemporalConnection;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Terraform apply whose worker dies in the middle (its activity stops heartbeating): Temporal
 * times the step out by its heartbeat timeout and retries it on a fresh worker of the same machine,
 * which finds the state lock released and completes, with one resource in the state, not two.
 */
class TerraformHeartbeatTimeoutTest {

  static final String ENVIRONMENT =
      """
      apiVersion: setpoint.dev/v1alpha1
      kind: Environment
      metadata:
        name: dev
      spec:
        providers:
          terraform:
            taskQueue: terraform
            retry: {maxAttempts: 3, initialInterval: 1s, maximumInterval: 1s}
        resources:
          - name: slow
            type: terraform:Module
            properties: {source: ../../terraform/slow}
      """;

  static final String MODULE =
      """
      resource "terraform_data" "slow" {
        provisioner "local-exec" {
          command = "sleep 6"
        }
      }
      output "id" { value = terraform_data.slow.id }
      """;

  @TempDir Path folder;
  TestRepository repository;
  EmbeddedTemporal server;
  TemporalConnection connection;
  SetpointWorkers workflows;
  SourceTrees sources;
  WorkerFactory terraformWorker;

  @BeforeEach
  void start() throws Exception {
    System.setProperty("setpoint.home", folder.resolve("home").toString());
    repository = TestRepository.init(folder.resolve("repo"));
    repository.write("envs/dev/environment.yaml", ENVIRONMENT);
    repository.write("terraform/slow/main.tf", MODULE);
    repository.commit("a slow module");
    server = EmbeddedTemporal.start();
    connection = TemporalConnection.connect(server.address(), "default");
    System.setProperty("setpoint.temporal.address", server.address());
    workflows =
        SetpointWorkers.start(
            connection.client(),
            ProviderRegistry.load(),
            SchemaRegistry.load(),
            folder.resolve("worker-home"),
            RunSettings.DEFAULT_TASK_QUEUE,
            Set.of());
    sources = new SourceTrees(folder.resolve("worker-home/repos"));
  }

  /** A worker of Terraform steps, as {@code setpoint worker --providers terraform} would run. */
  private WorkerFactory startTerraformWorker() {
    WorkerFactory factory = WorkerFactory.newInstance(connection.client());
    factory
        .newWorker("terraform")
        .registerActivitiesImplementations(
            new ResourceActivitiesImpl(
                ProviderRegistry.load(), sources, folder.resolve("worker-home/work")));
    factory.start();
    return factory;
  }

  @AfterEach
  void stop() {
    if (terraformWorker != null) {
      terraformWorker.shutdownNow();
    }
    workflows.close();
    sources.close();
    connection.close();
    server.close();
    repository.close();
    System.clearProperty("setpoint.home");
    System.clearProperty("setpoint.temporal.address");
  }

  private List<PendingActivityInfo> pendingSteps() {
    return connection
        .client()
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(connection.namespace())
                .setExecution(
                    WorkflowExecution.newBuilder().setWorkflowId("setpoint-dev-apply").build())
                .build())
        .getPendingActivitiesList();
  }

  @Test
  void theRetryAfterAHeartbeatTimeoutFindsTheLockReleasedAndCompletes() throws Exception {
    terraformWorker = startTerraformWorker();
    Path module = folder.resolve("worker-home/work/dev/slow/module");
    CompletableFuture<CliRun> apply =
        CompletableFuture.supplyAsync(
            () -> CliRun.of("apply", repository.root().resolve("envs/dev").toString()));
    // the provisioner's sleep runs: terraform holds the state lock
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Files.exists(module.resolve(".terraform.tfstate.lock.info")));

    // the worker dies: its step is interrupted and never reports back or heartbeats again
    terraformWorker.shutdownNow();
    terraformWorker.awaitTermination(40, TimeUnit.SECONDS);
    assertThat(module.resolve(".terraform.tfstate.lock.info"))
        .as("SIGINT made terraform release its lock before the worker went")
        .doesNotExist();
    terraformWorker = startTerraformWorker();
    // while the retry runs, the pending step says why its first attempt ended
    AtomicReference<Failure> firstAttemptEnded = new AtomicReference<>();
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              for (PendingActivityInfo pending : pendingSteps()) {
                if (pending.getAttempt() > 1 && pending.hasLastFailure()) {
                  firstAttemptEnded.set(pending.getLastFailure());
                }
              }
              return firstAttemptEnded.get() != null || apply.isDone();
            });
    assertThat(firstAttemptEnded.get()).as("the step was retried").isNotNull();
    assertThat(firstAttemptEnded.get().getTimeoutFailureInfo().getTimeoutType())
        .as("the first attempt ended by its heartbeat timeout: " + firstAttemptEnded.get())
        .isEqualTo(TimeoutType.TIMEOUT_TYPE_HEARTBEAT);

    CliRun finished = apply.get(3, TimeUnit.MINUTES);
    assertThat(finished.exitCode()).as(finished.out() + finished.err()).isZero();
    // an interrupted create leaves terraform_data.slow tainted in the state (the retry replaces
    // it: an update) or not there at all (the retry creates it), depending on when SIGINT came
    assertThat(finished.out()).containsPattern("slow \\(terraform:Module\\) (create|update) \\.\\.\\. succeeded");

    Process list =
        new ProcessBuilder("terraform", "state", "list")
            .directory(module.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String state = new String(list.getInputStream().readAllBytes());
    assertThat(list.waitFor()).as(state).isZero();
    assertThat(state.lines().toList()).containsExactly("terraform_data.slow");
    assertThat(module.resolve(".terraform.tfstate.lock.info")).doesNotExist();
  }
}
