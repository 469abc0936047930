package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.setpoint.orchestrator.provider.ProviderRegistry;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.workflows.EmbeddedTemporal;
import dev.setpoint.workflows.RunSettings;
import dev.setpoint.workflows.SetpointWorkers;
import dev.setpoint.workflows.SharedCloudProvider;
import dev.setpoint.workflows.TemporalConnection;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code terraform:Module} in the middle of a graph, through {@code setpoint apply} of a real Git
 * repository with the real terraform binary: a variable fed by an upstream resource's output, a
 * Terraform output feeding a downstream resource, and a sensitive output that no report, log or
 * workflow result shows.
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
            type: test:net/Network
            properties: {cidrBlock: 10.0.0.0/16}
          - name: app
            type: terraform:Module
            properties:
              source: ../../terraform/app
              variables: {network_id: "${net.id}"}
          - name: sub
            type: test:net/Subnet
            properties: {networkId: "${app.network}", cidrBlock: 10.0.1.0/24}
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

  @TempDir Path folder;
  TestRepository repository;
  EmbeddedTemporal server;
  TemporalConnection connection;
  SetpointWorkers workers;

  @BeforeEach
  void startAServerAndWorkers() throws Exception {
    SharedCloudProvider.reset();
    System.setProperty("setpoint.home", folder.resolve("home").toString());
    repository = TestRepository.init(folder.resolve("repo"));
    repository.write("envs/dev/environment.yaml", ENVIRONMENT);
    repository.write("terraform/app/main.tf", MODULE);
    repository.commit("dev environment with a Terraform module");
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
  }

  @AfterEach
  void stop() {
    workers.close();
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
        .contains("  + net (test:net/Network) create ... succeeded\n")
        .contains("  + app (terraform:Module) create ... succeeded\n")
        .contains("  + sub (test:net/Subnet) create ... succeeded\n");
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode resources = new ObjectMapper().readTree(json.out()).get("resources");
    String networkId = resources.get(0).get("outputs").get("id").asText();
    assertThat(networkId).startsWith("id-");
    JsonNode app = resources.get(1);
    assertThat(app.get("name").asText()).isEqualTo("app");
    assertThat(app.get("outputs").get("network").asText()).isEqualTo(networkId);
    assertThat(app.get("outputs").get("token").asText()).isEqualTo("(sensitive)");
    assertThat(SharedCloudProvider.live().get("sub"))
        .as("net's id went into the module's variable and out of its output into sub")
        .containsEntry("networkId", networkId);
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("  = app (terraform:Module) none");

    String everythingPrinted =
        String.join("\n", apply.out(), apply.err(), json.out(), json.err(), plan.out(), plan.err())
            + logs.toString(StandardCharsets.UTF_8);
    assertThat(everythingPrinted).doesNotContain(SECRET);

    List<HistoryEvent> events =
        connection.client().fetchHistory("setpoint-dev-apply").getEvents();
    String result =
        events.stream()
            .filter(HistoryEvent::hasWorkflowExecutionCompletedEventAttributes)
            .flatMap(
                e ->
                    e.getWorkflowExecutionCompletedEventAttributes().getResult().getPayloadsList()
                        .stream())
            .map(TerraformModuleCommandsTest::text)
            .collect(Collectors.joining());
    assertThat(result).contains("(sensitive)").doesNotContain(SECRET);
    String activityResults =
        events.stream()
            .filter(HistoryEvent::hasActivityTaskCompletedEventAttributes)
            .flatMap(
                e ->
                    e.getActivityTaskCompletedEventAttributes().getResult().getPayloadsList()
                        .stream())
            .map(TerraformModuleCommandsTest::text)
            .collect(Collectors.joining());
    assertThat(activityResults)
        .as(
            "documented: an activity's result carries the value, which the workflow needs to"
                + " resolve references (docs/providers/terraform.md, What is redacted)")
        .contains(SECRET);
  }

  private static String text(Payload payload) {
    return payload.getData().toString(StandardCharsets.UTF_8);
  }
}
