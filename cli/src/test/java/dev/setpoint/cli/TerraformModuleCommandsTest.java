package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.setpoint.orchestrator.provider.ProviderRegistry;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.workflows.EmbeddedTemporal;
import dev.setpoint.workflows.ResourceActivitiesImpl;
import dev.setpoint.workflows.RunSettings;
import dev.setpoint.workflows.SetpointWorkers;
import dev.setpoint.workflows.SharedCloudProvider;
import dev.setpoint.workflows.SourceTrees;
import dev.setpoint.workflows.TemporalConnection;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.worker.WorkerFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code terraform:Module} in the middle of a graph, through {@code setpoint apply} of a real Git
 * repository with the real terraform binary: a variable fed by an upstream Terraform module's
 * output, a Terraform output feeding a downstream resource, and a sensitive output that no report,
 * log or workflow result shows; and an apply whose worker dies in the middle (its step stops
 * heartbeating), which Temporal retries on a fresh worker of the same machine after the heartbeat
 * timeout: the retry finds the state lock released and completes, with one resource in the state.
 */
class TerraformModuleCommandsTest {

  static final String SECRET = "s3cr3t";

  static final String ENVIRONMENT =
      """
      apiVersion: setpoint.dev/v1alpha1
      kind: Environment
      metadata:
        name: dev
      spec:
        resources:
          - name: net
            type: terraform:Module
            properties:
              source: ../../terraform/net
              variables: {cidr: 10.0.0.0/16}
          - name: app
            type: terraform:Module
            properties:
              source: ../../terraform/app
              variables: {network_id: "${net.id}"}
          - name: sub
            type: test:net/Subnet
            properties: {networkId: "${app.network}", cidrBlock: 10.0.1.0/24}
      """;

  /** The upstream: its id is a UUID Terraform makes at apply, so only a real apply can give it. */
  static final String NET_MODULE =
      """
      variable "cidr" { type = string }
      resource "terraform_data" "net" { input = var.cidr }
      output "id" { value = "net-${terraform_data.net.id}" }
      """;

  static final String MODULE =
      """
      variable "network_id" { type = string }
      resource "terraform_data" "app" { input = var.network_id }
      output "network" { value = terraform_data.app.output }
      output "token" {
        value     = "%s-${var.network_id}"
        sensitive = true
      }
      """
          .formatted(SECRET);

  static final String SLOW_ENVIRONMENT =
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

  static final String SLOW_MODULE =
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
  SetpointWorkers workers;
  SourceTrees sources;
  WorkerFactory terraformWorker;

  @BeforeEach
  void startAServerAndWorkers() throws Exception {
    SharedCloudProvider.reset();
    System.setProperty("setpoint.home", folder.resolve("home").toString());
    repository = TestRepository.init(folder.resolve("repo"));
    server = EmbeddedTemporal.start();
    connection = TemporalConnection.connect(server.address(), "default");
    System.setProperty("setpoint.temporal.address", server.address());
    workers =
        SetpointWorkers.start(
            connection.client(),
            ProviderRegistry.load(),
            SchemaRegistry.load(),
            folder.resolve("worker-home"),
            RunSettings.DEFAULT_TASK_QUEUE,
            Set.of(RunSettings.DEFAULT_TASK_QUEUE));
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
    workers.close();
    sources.close();
    connection.close();
    server.close();
    repository.close();
    System.clearProperty("setpoint.home");
    System.clearProperty("setpoint.temporal.address");
  }

  String env() {
    return repository.root().resolve("envs/dev").toString();
  }

  @Test
  void outputsFlowThroughTheModuleAndTheSensitiveOneIsNeverShown() throws Exception {
    repository.write("envs/dev/environment.yaml", ENVIRONMENT);
    repository.write("terraform/net/main.tf", NET_MODULE);
    repository.write("terraform/app/main.tf", MODULE);
    repository.commit("dev environment with two Terraform modules");
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    PrintStream stdout = System.out;
    CliRun apply;
    CliRun json;
    CliRun plan;
    try {
      // logback writes to whatever System.err is when it logs
      System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
      System.setOut(new PrintStream(logs, true, StandardCharsets.UTF_8));
      apply = CliRun.of("apply", env());
      json = CliRun.of("apply", "--output", "json", env());
      plan = CliRun.of("plan", env());
    } finally {
      System.setErr(stderr);
      System.setOut(stdout);
    }

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    assertThat(apply.out())
        .contains("  + net (terraform:Module) create ... succeeded\n")
        .contains("  + app (terraform:Module) create ... succeeded\n")
        .contains("  + sub (test:net/Subnet) create ... succeeded\n");
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode resources = new ObjectMapper().readTree(json.out()).get("resources");
    String networkId = resources.get(0).get("outputs").get("id").asText();
    assertThat(networkId).matches("net-[0-9a-f-]{36}");
    assertThat(networkId)
        .as("the upstream module's output is its state's value")
        .isEqualTo("net-" + stateId("net", "terraform_data.net"));
    JsonNode app = resources.get(1);
    assertThat(app.get("name").asText()).isEqualTo("app");
    assertThat(app.get("outputs").get("network").asText())
        .as("net's output went into app's variable and out of app's own output")
        .isEqualTo(networkId);
    assertThat(app.get("outputs").get("token").asText()).isEqualTo("(sensitive)");
    assertThat(SharedCloudProvider.live().get("sub"))
        .as("app's output went on into sub")
        .containsEntry("networkId", networkId);
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out())
        .contains("  = net (terraform:Module) none")
        .contains("  = app (terraform:Module) none");

    String everythingPrinted =
        String.join("\n", apply.out(), apply.err(), json.out(), json.err(), plan.out(), plan.err())
            + logs.toString(StandardCharsets.UTF_8);
    assertThat(everythingPrinted).doesNotContain(SECRET);

    List<HistoryEvent> events = connection.client().fetchHistory("setpoint-dev-apply").getEvents();
    String result =
        payloads(
            events,
            e ->
                e.hasWorkflowExecutionCompletedEventAttributes()
                    ? e.getWorkflowExecutionCompletedEventAttributes().getResult()
                    : null);
    assertThat(result).contains("(sensitive)").doesNotContain(SECRET);
    String activityResults =
        payloads(
            events,
            e ->
                e.hasActivityTaskCompletedEventAttributes()
                    ? e.getActivityTaskCompletedEventAttributes().getResult()
                    : null);
    assertThat(activityResults)
        .as(
            "documented: an activity's result carries the value, which the workflow needs to"
                + " resolve references (docs/providers/terraform.md, What is redacted)")
        .contains(SECRET);
  }

  @Test
  void aFailingModuleIsOneLineAndDebugAddsTerraformsStderrTail() throws Exception {
    // real terraform, behind a wrapper that also writes to stderr (with -json, terraform itself
    // writes its diagnostics to stdout and rarely anything to stderr)
    Path binary = folder.resolve("terraform-with-stderr");
    Files.writeString(
        binary,
        "#!/bin/sh\nterraform \"$@\"\ncode=$?\necho \"stderr-tail-marker of $1\" >&2\nexit $code\n");
    assertThat(binary.toFile().setExecutable(true)).isTrue();
    repository.write(
        "envs/dev/environment.yaml",
        """
        apiVersion: setpoint.dev/v1alpha1
        kind: Environment
        metadata:
          name: dev
        spec:
          providers:
            terraform: {binary: "%s"}
          resources:
            - name: app
              type: terraform:Module
              properties: {source: ../../terraform/failing}
        """
            .formatted(binary));
    repository.write(
        "terraform/failing/main.tf",
        """
        variable "ok" {
          type    = bool
          default = false
        }
        resource "terraform_data" "a" {
          lifecycle {
            precondition {
              condition     = var.ok
              error_message = "this module always fails"
            }
          }
        }
        """);
    repository.commit("a failing module");
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    CliRun plain;
    CliRun debug;
    try {
      System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
      plain = CliRun.of("apply", env());
      debug = CliRun.of("apply", "--debug", env());
    } finally {
      System.setErr(stderr);
    }

    assertThat(plain.exitCode()).as(plain.out() + plain.err()).isNotZero();
    String printed = plain.out() + plain.err();
    assertThat(printed.lines().filter(l -> l.contains("this module always fails")))
        .as(printed)
        .isNotEmpty()
        .allMatch(l -> l.contains("terraform plan failed (exit 1): terraform_data.a"));
    assertThat(printed).doesNotContain("stderr-tail-marker").doesNotContain("\tat ");

    assertThat(debug.exitCode()).isNotZero();
    assertThat(logs.toString(StandardCharsets.UTF_8))
        .as("--debug shows the failed step's cause chain, the stderr tail in it")
        .contains("terraform plan stderr (last lines):")
        .contains("stderr-tail-marker of plan");
  }

  /**
   * A module whose one resource holds {@code name}; destroying it leaves {@code destroyed} in the
   * file {@code marker} names (a destroy-time provisioner may read only its own resource).
   */
  static final String MARKED_MODULE =
      """
      variable "name" { type = string }
      variable "marker" { type = string }
      resource "terraform_data" "d" {
        input = { name = var.name, marker = var.marker }
        provisioner "local-exec" {
          when    = destroy
          command = "echo destroyed > '${self.input.marker}'"
        }
      }
      output "name" { value = terraform_data.d.output.name }
      """;

  /** An environment of one {@link #MARKED_MODULE} named {@code one}, committed. */
  private Path commitMarkedModule() throws Exception {
    Path marker = folder.resolve("destroyed.txt");
    repository.write(
        "envs/dev/environment.yaml",
        """
        apiVersion: setpoint.dev/v1alpha1
        kind: Environment
        metadata:
          name: dev
        spec:
          resources:
            - name: app
              type: terraform:Module
              properties:
                source: ../../terraform/marked
                variables: {name: one, marker: "%s"}
        """
            .formatted(marker));
    repository.write("terraform/marked/main.tf", MARKED_MODULE);
    repository.commit("one Terraform module");
    return marker;
  }

  @Test
  void driftFindsAModuleChangedOutsideAndApplyPutsItBack() throws Exception {
    commitMarkedModule();
    CliRun apply = CliRun.of("apply", env());
    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    CliRun clean = CliRun.of("drift", env());
    assertThat(clean.exitCode()).as(clean.out() + clean.err()).isZero();

    // someone applies the module by hand with another value, in the worker's working directory
    Path module = folder.resolve("worker-home/work/dev/app/module");
    Process byHand =
        new ProcessBuilder(
                "terraform",
                "apply",
                "-input=false",
                "-no-color",
                "-auto-approve",
                "-var",
                "name=tampered")
            .directory(module.toFile())
            .redirectErrorStream(true)
            .start();
    String handOutput = new String(byHand.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(byHand.waitFor()).as(handOutput).isZero();
    assertThat(stateInput(module)).containsEntry("name", "tampered");

    CliRun drift = CliRun.of("drift", env());
    CliRun json = CliRun.of("drift", "--output", "json", env());
    assertThat(drift.exitCode()).as(drift.out() + drift.err()).isEqualTo(2);
    assertThat(drift.out())
        .contains("  ~ app (terraform:Module) update ... pending (drifted)\n")
        .contains("drifted: app");
    assertThat(json.exitCode()).as(json.err()).isEqualTo(2);
    JsonNode app = new ObjectMapper().readTree(json.out()).get("resources").get(0);
    assertThat(app.get("drifted").asBoolean()).isTrue();
    assertThat(app.get("changes").toString())
        .contains("terraform_data.d")
        .contains("tampered")
        .contains("one");
    assertThat(stateInput(module)).as("drift leaves it in place").containsEntry("name", "tampered");

    CliRun revert = CliRun.of("apply", env());
    assertThat(revert.exitCode()).as(revert.out() + revert.err()).isZero();
    assertThat(revert.out()).contains("  ~ app (terraform:Module) update ... succeeded");
    assertThat(stateInput(module)).containsEntry("name", "one");
    CliRun after = CliRun.of("drift", env());
    assertThat(after.exitCode()).as(after.out() + after.err()).isZero();
  }

  @Test
  void destroyRunsTerraformDestroyAndRemovesTheWorkingDirectory() throws Exception {
    Path marker = commitMarkedModule();
    CliRun apply = CliRun.of("apply", env());
    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    Path working = folder.resolve("worker-home/work/dev/app");
    assertThat(working.resolve("module/terraform.tfstate")).exists();
    assertThat(marker).doesNotExist();

    CliRun destroy = CliRun.of("destroy", env());
    assertThat(destroy.exitCode()).as(destroy.out() + destroy.err()).isZero();
    assertThat(destroy.out()).contains("  - app (terraform:Module) delete ... succeeded");
    assertThat(marker)
        .as("the destroy-time provisioner ran: terraform destroy ran")
        .hasContent("destroyed");
    assertThat(working).as("the working directory and its state are gone").doesNotExist();
    CliRun plan = CliRun.of("plan", env());
    assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(2);
    assertThat(plan.out()).contains("  + app (terraform:Module) create");
  }

  /** The {@code input} object of {@code terraform_data.d} in a module's state. */
  private static java.util.Map<String, Object> stateInput(Path module) throws Exception {
    JsonNode input = stateResources(module).at("/0/values/input");
    return new ObjectMapper().convertValue(input, java.util.Map.class);
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
    repository.write("envs/dev/environment.yaml", SLOW_ENVIRONMENT);
    repository.write("terraform/slow/main.tf", SLOW_MODULE);
    repository.commit("a slow module");
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
    // A dying worker either goes silent (the heartbeat timeout ends the attempt) or, when its
    // threads outlive the interrupt long enough, still reports the interrupted step: which one
    // happens depends on timing, and either way the retry must find the lock released.
    Failure ended = firstAttemptEnded.get();
    assertThat(
            ended.getTimeoutFailureInfo().getTimeoutType() == TimeoutType.TIMEOUT_TYPE_HEARTBEAT
                || ended.getMessage().contains("terraform apply was interrupted"))
        .as("the first attempt ended by its heartbeat timeout or by the interrupt: " + ended)
        .isTrue();

    CliRun finished = apply.get(3, TimeUnit.MINUTES);
    assertThat(finished.exitCode()).as(finished.out() + finished.err()).isZero();
    // an interrupted create leaves terraform_data.slow tainted in the state (the retry replaces
    // it: an update) or not there at all (the retry creates it), depending on when SIGINT came
    assertThat(finished.out())
        .containsPattern("slow \\(terraform:Module\\) (create|update) \\.\\.\\. succeeded");

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

  /** The {@code id} of a resource in the state of this environment's module {@code resource}. */
  private String stateId(String resource, String address) throws Exception {
    JsonNode resources =
        stateResources(folder.resolve("worker-home/work/dev/" + resource + "/module"));
    for (JsonNode r : resources) {
      if (r.path("address").asText().equals(address)) {
        return r.at("/values/id").asText();
      }
    }
    throw new AssertionError(address + " is not in the state of " + resource + ": " + resources);
  }

  /** The root module's resources in a module's state, read with {@code terraform show -json}. */
  private static JsonNode stateResources(Path module) throws Exception {
    Process show =
        new ProcessBuilder("terraform", "show", "-no-color", "-json")
            .directory(module.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String state = new String(show.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(show.waitFor()).as(state).isZero();
    return new ObjectMapper().readTree(state).at("/values/root_module/resources");
  }

  /** The text of the payloads {@code of} picks from the events that have them. */
  private static String payloads(List<HistoryEvent> events, Function<HistoryEvent, Payloads> of) {
    return events.stream()
        .map(of)
        .filter(Objects::nonNull)
        .flatMap(p -> p.getPayloadsList().stream())
        .map(p -> p.getData().toString(StandardCharsets.UTF_8))
        .collect(Collectors.joining());
  }
}
