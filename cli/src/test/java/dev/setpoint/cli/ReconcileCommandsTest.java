package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.workflows.SharedCloudProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan}, {@code apply}, {@code drift} and {@code destroy} through the CLI entry point, each
 * command on its own embedded Temporal server with in-process workers, against the in-memory cloud
 * of {@link SharedCloudProvider} and a real Git repository.
 */
class ReconcileCommandsTest {

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
            properties: {cidrBlock: 10.0.0.0/16, tags: {team: platform}}
          - name: sub
            type: test:net/Subnet
            properties: {networkId: "${net.id}", cidrBlock: 10.0.1.0/24}
      """;

  @TempDir Path folder;
  TestRepository repository;
  String commit;

  @BeforeEach
  void commitTheEnvironment() throws Exception {
    SharedCloudProvider.reset();
    System.setProperty("setpoint.home", folder.resolve("home").toString());
    System.setProperty("setpoint.temporal.address", ""); // embedded, whatever the machine says
    repository = TestRepository.init(folder.resolve("repo"));
    repository.write("envs/dev/environment.yaml", ENVIRONMENT);
    commit = repository.commit("dev environment");
  }

  @AfterEach
  void forget() {
    System.clearProperty("setpoint.home");
    System.clearProperty("setpoint.temporal.address");
    repository.close();
  }

  String env() {
    return repository.root().resolve("envs/dev").toString();
  }

  @Test
  void planShowsChangesApplyMakesThemAndTheNextPlanFindsNone() {
    CliRun plan = CliRun.of("plan", env());
    CliRun apply = CliRun.of("apply", env());
    CliRun again = CliRun.of("plan", env());

    assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
    assertThat(plan.out())
        .startsWith(
            "plan dev at " + commit.substring(0, 7) + " (main): workflow setpoint-dev-plan-")
        .contains("  + net (test:net/Network) create ... pending\n")
        .contains("  + sub (test:net/Subnet) create ... pending\n")
        .contains("plan of dev at commit " + commit.substring(0, 12) + ": succeeded");
    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(apply.out())
        .startsWith(
            "apply dev at " + commit.substring(0, 7) + " (main): workflow setpoint-dev-apply\n")
        .contains("  + net (test:net/Network) create ... succeeded\n")
        .contains("  + sub (test:net/Subnet) create ... succeeded\n")
        .contains("status:  2 succeeded");
    assertThat(SharedCloudProvider.live()).containsOnlyKeys("net", "sub");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("  = net (test:net/Network) none ... pending\n");
    assertThat(plan.err() + apply.err() + again.err()).isEmpty();
  }

  @Test
  void planWithWorkingTreeReadsTheFilesOnDiskAndPlainPlanReadsTheCommit() throws Exception {
    repository.write(
        "envs/dev/environment.yaml",
        ENVIRONMENT
            + """
                - name: extra
                  type: test:net/Network
                  properties: {cidrBlock: 10.1.0.0/16}
            """);

    CliRun committed = CliRun.of("plan", env());
    CliRun onDisk = CliRun.of("plan", "--working-tree", env());
    CliRun applyOnDisk = CliRun.of("apply", "--working-tree", env());

    assertThat(committed.out()).doesNotContain("extra");
    assertThat(committed.err()).contains("has uncommitted changes");
    assertThat(onDisk.exitCode()).as(onDisk.err()).isEqualTo(2);
    assertThat(onDisk.out())
        .startsWith("plan dev at the working tree: workflow setpoint-dev-plan-")
        .contains("  + extra (test:net/Network) create ... pending\n");
    assertThat(applyOnDisk.exitCode()).isEqualTo(2);
    assertThat(applyOnDisk.err()).contains("Unknown option: '--working-tree'");
    assertThat(SharedCloudProvider.live()).isEmpty();
  }

  @Test
  void jsonOutputIsOnlyTheReportOfSpecSection3AtTheResolvedRevision() throws Exception {
    CliRun apply = CliRun.of("apply", "--output", "json", env());

    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(apply.out().lines()).hasSize(1);
    JsonNode report = new ObjectMapper().readTree(apply.out());
    assertThat(fieldNames(report))
        .containsExactly(
            "environment", "revision", "mode", "status", "workflowId", "runId", "resources");
    assertThat(report.get("environment").asText()).isEqualTo("dev");
    assertThat(report.get("revision").asText()).isEqualTo(commit);
    assertThat(report.get("mode").asText()).isEqualTo("apply");
    assertThat(report.get("status").asText()).isEqualTo("succeeded");
    assertThat(report.get("workflowId").asText()).isEqualTo("setpoint-dev-apply");
    assertThat(report.get("runId").asText()).isNotBlank();
    JsonNode net = report.get("resources").get(0);
    assertThat(fieldNames(net))
        .containsExactly(
            "name",
            "type",
            "action",
            "status",
            "drifted",
            "changes",
            "outputs",
            "attempts",
            "error",
            "blockedBy");
    assertThat(net.get("name").asText()).isEqualTo("net");
    assertThat(net.get("action").asText()).isEqualTo("create");
    assertThat(net.get("outputs").get("id").asText()).startsWith("id-");
    assertThat(net.get("error").isNull()).isTrue();
  }

  @Test
  void aFailedResourceFailsTheApplyAndTheSummaryNamesItAndWhatItBlocked() {
    SharedCloudProvider.failApplyOf("net", "quota exceeded: 5 networks per account");

    CliRun apply = CliRun.of("apply", env());

    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.out())
        .contains(
            "  = net (test:net/Network) none ... failed: quota exceeded: 5 networks per account\n")
        .contains("failed:  net (test:net/Network): quota exceeded: 5 networks per account\n")
        .contains("skipped: sub (test:net/Subnet): blocked by net\n");
    assertThat(SharedCloudProvider.live()).isEmpty();
  }

  @Test
  void anInvalidDefinitionIsReportedAtItsPlaceBeforeTemporalIsTouched() throws Exception {
    String broken =
        repository
            .write(
                "envs/dev/environment.yaml",
                ENVIRONMENT.replace("cidrBlock: 10.0.0.0/16", "cidrBlok: 10.0.0.0/16"))
            .commit("typo");
    // Nothing listens here: reaching for Temporal would fail with "cannot reach Temporal".
    System.setProperty("setpoint.temporal.address", "127.0.0.1:1");

    CliRun apply = CliRun.of("apply", env());

    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.out()).isEmpty();
    assertThat(apply.err())
        .startsWith(
            "envs/dev/environment.yaml:9:19: error: missing required field \"cidrBlock\" in"
                + " test:net/Network properties\n")
        .contains("\"cidrBlok\"");
    assertThat(apply.err())
        .endsWith(
            "invalid: 2 errors in envs/dev/environment.yaml (commit "
                + broken.substring(0, 7)
                + " (main)): nothing was run\n")
        .doesNotContain("Temporal");
  }

  @Test
  void driftFindsAHandEditAndRevertPutsItBack() {
    assertThat(CliRun.of("apply", env()).exitCode()).isZero();
    SharedCloudProvider.editByHand("net", "tags", Map.of("team", "someone-else"));

    CliRun drift = CliRun.of("drift", env());
    CliRun revert = CliRun.of("drift", "--revert", env());
    CliRun after = CliRun.of("drift", env());

    assertThat(drift.exitCode()).as(drift.err()).isEqualTo(2);
    assertThat(drift.out())
        .startsWith(
            "drift dev at " + commit.substring(0, 7) + " (main): workflow setpoint-dev-drift-")
        .contains("  ~ net (test:net/Network) update ... pending (drifted)\n")
        .contains("drifted: net");
    assertThat(revert.exitCode()).as(revert.err()).isZero();
    assertThat(revert.out())
        .startsWith("drift --revert dev at ")
        .contains("workflow setpoint-dev-drift-revert\n")
        .contains("  ~ net (test:net/Network) update ... succeeded (drifted)\n");
    assertThat(SharedCloudProvider.live().get("net"))
        .containsEntry("tags", Map.of("team", "platform"));
    assertThat(after.exitCode()).as(after.out()).isZero();
  }

  @Test
  void destroyDeletesEverythingTheEnvironmentManages() {
    assertThat(CliRun.of("apply", env()).exitCode()).isZero();

    CliRun destroy = CliRun.of("destroy", env());

    assertThat(destroy.exitCode()).as(destroy.err() + destroy.out()).isZero();
    assertThat(destroy.out())
        .contains("workflow setpoint-dev-destroy\n")
        .contains("  - sub (test:net/Subnet) delete ... succeeded\n")
        .contains("  - net (test:net/Network) delete ... succeeded\n");
    assertThat(SharedCloudProvider.live()).isEmpty();
  }

  @Test
  void badOptionsAreOneLine() {
    CliRun parallelism = CliRun.of("apply", "--parallelism", "0", env());
    CliRun output = CliRun.of("plan", "--output", "yaml", env());

    assertThat(parallelism.exitCode()).isEqualTo(1);
    assertThat(parallelism.err()).isEqualTo("error: --parallelism must be at least 1, not 0\n");
    assertThat(output.exitCode()).isEqualTo(2);
    assertThat(output.err()).contains("Invalid value for option '--output'");
  }

  @Test
  void helpNamesTheExitCodes() {
    for (String command : List.of("plan", "apply", "drift", "destroy")) {
      CliRun help = CliRun.of(command, "--help");

      assertThat(help.exitCode()).isZero();
      assertThat(help.out())
          .contains("Usage: setpoint " + command)
          .contains("Exit codes:")
          .contains("--output")
          .contains("--parallelism");
    }
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
