package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.workflows.SharedCloudProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of an environment larger than {@code --partition-size} goes through child workflows, yet
 * every command prints the report of every resource, as for a small environment.
 */
class PartitionedCommandsTest {

  static final int PAIRS = 6;

  @TempDir Path folder;
  TestRepository repository;

  @BeforeEach
  void commitTwelveResources() throws Exception {
    SharedCloudProvider.reset();
    System.setProperty("setpoint.home", folder.resolve("home").toString());
    System.setProperty("setpoint.temporal.address", "");
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: setpoint.dev/v1alpha1
            kind: Environment
            metadata:
              name: big
            spec:
              resources:
            """);
    for (int i = 0; i < PAIRS; i++) {
      yaml.append("    - name: net-")
          .append(i)
          .append("\n      type: test:net/Network\n      properties: {cidrBlock: 10.")
          .append(i)
          .append(".0.0/16}\n");
    }
    for (int i = 0; i < PAIRS; i++) {
      yaml.append("    - name: sub-")
          .append(i)
          .append("\n      type: test:net/Subnet\n      properties: {networkId: \"${net-")
          .append(i)
          .append(".id}\", cidrBlock: 10.")
          .append(i)
          .append(".1.0/24}\n");
    }
    repository = TestRepository.init(folder.resolve("repo"));
    repository.write("envs/big/environment.yaml", yaml.toString());
    repository.commit("twelve resources");
  }

  @AfterEach
  void forget() {
    System.clearProperty("setpoint.home");
    System.clearProperty("setpoint.temporal.address");
    repository.close();
  }

  String env() {
    return repository.root().resolve("envs/big").toString();
  }

  @Test
  void applyPlanAndDriftPrintEveryResourceOfAPartitionedRun() throws Exception {
    CliRun apply = CliRun.of("apply", "--partition-size", "5", "--output", "json", env());
    CliRun plan = CliRun.of("plan", "--partition-size", "5", "--output", "json", env());
    CliRun drift = CliRun.of("drift", "--partition-size", "5", "--output", "json", env());

    assertThat(apply.exitCode()).as(apply.err()).isZero();
    JsonNode applied = new ObjectMapper().readTree(apply.out());
    assertThat(applied.get("status").asText()).isEqualTo("succeeded");
    assertThat(names(applied)).hasSize(2 * PAIRS).contains("net-0", "sub-5");
    assertThat(SharedCloudProvider.live()).hasSize(2 * PAIRS);
    for (JsonNode resource : applied.get("resources")) {
      assertThat(resource.get("action").asText()).as(resource.toString()).isEqualTo("create");
      assertThat(resource.get("status").asText()).isEqualTo("succeeded");
    }
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(names(new ObjectMapper().readTree(plan.out()))).hasSize(2 * PAIRS);
    assertThat(drift.exitCode()).as(drift.err()).isZero();
    assertThat(names(new ObjectMapper().readTree(drift.out()))).hasSize(2 * PAIRS);
  }

  @Test
  void destroyOfAPartitionedEnvironmentDeletesEverythingAndSaysSo() {
    assertThat(CliRun.of("apply", "--partition-size", "5", env()).exitCode()).isZero();

    CliRun destroy = CliRun.of("destroy", "--partition-size", "5", env());

    assertThat(destroy.exitCode()).as(destroy.out() + destroy.err()).isZero();
    for (int i = 0; i < PAIRS; i++) {
      assertThat(destroy.out())
          .contains("  - sub-" + i + " (test:net/Subnet) delete ... succeeded\n")
          .contains("  - net-" + i + " (test:net/Network) delete ... succeeded\n");
    }
    assertThat(SharedCloudProvider.live()).isEmpty();
  }

  @Test
  void aPartitionSizeBelowOneIsRefusedInOneLine() {
    CliRun apply = CliRun.of("apply", "--partition-size", "0", env());

    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.err()).isEqualTo("error: --partition-size must be at least 1, not 0\n");
  }

  private static List<String> names(JsonNode report) {
    List<String> names = new ArrayList<>();
    report.get("resources").forEach(resource -> names.add(resource.get("name").asText()));
    return names;
  }
}
