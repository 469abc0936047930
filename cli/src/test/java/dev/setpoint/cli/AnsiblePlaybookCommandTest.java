package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.workflows.SharedCloudProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ansible:Playbook} through the {@code setpoint} command: a real Git repository, the real
 * ansible-runner on localhost, an upstream {@code terraform:Module} run by the real terraform
 * binary whose output becomes an extra var, and a downstream one that takes the playbook's {@code
 * set_stats} data.
 */
class AnsiblePlaybookCommandTest {

  static final String PLAYBOOK =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: write the network config
            ansible.builtin.copy:
              content: "network = {{ network_id }}\\n"
              dest: "{{ target_dir }}/network.conf"
          - name: publish the subnet
            ansible.builtin.set_stats:
              data:
                network: "{{ network_id }}"
                cidr: 10.0.7.0/24
      """;

  static final String FAILING =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: check the disk
            ansible.builtin.fail:
              msg: "disk /data is 97% full"
      """;

  /** Check mode skips the command (no stdout lines), so the copy that reads them fails there. */
  static final String REGISTERED =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: read the version
            ansible.builtin.command: echo 1.4.2
            register: version
            changed_when: false
          - name: write the version
            ansible.builtin.copy:
              content: "{{ version.stdout_lines[0] }} on {{ network_id }}\\n"
              dest: "{{ target_dir }}/version"
          - name: publish the subnet
            ansible.builtin.set_stats:
              data:
                network: "{{ network_id }}"
                cidr: 10.0.7.0/24
      """;

  /** Built-in {@code terraform_data} only: no provider to download, and an id Terraform makes. */
  static final String NETWORK_MODULE =
      """
      resource "terraform_data" "net" { input = "10.0.0.0/16" }
      output "id" { value = "net-${terraform_data.net.id}" }
      """;

  @TempDir Path folder;
  TestRepository repository;
  Path target;

  @BeforeEach
  void commitTheEnvironment() throws Exception {
    SharedCloudProvider.reset();
    System.setProperty("setpoint.home", folder.resolve("home").toString());
    System.setProperty("setpoint.temporal.address", "");
    target = Files.createDirectories(folder.resolve("target"));
    repository = TestRepository.init(folder.resolve("repo"));
    repository.write("ansible/site.yml", PLAYBOOK);
    repository.write("ansible/failing.yml", FAILING);
    repository.write("ansible/registered.yml", REGISTERED);
    repository.write("terraform/net/main.tf", NETWORK_MODULE);
    repository.write(
        "envs/dev/environment.yaml",
        """
        apiVersion: setpoint.dev/v1alpha1
        kind: Environment
        metadata:
          name: dev
        spec:
          resources:
            - name: net
              type: terraform:Module
              properties: {source: ../../terraform/net}
            - name: configure
              type: ansible:Playbook
              properties:
                playbook: ../../ansible/site.yml
                extraVars:
                  network_id: ${net.id}
                  target_dir: %s
            - name: sub
              type: test:net/Subnet
              properties: {networkId: "${configure.network}", cidrBlock: "${configure.cidr}"}
        """
            .formatted(target));
    repository.commit("dev environment with a playbook");
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
  void applyRunsThePlaybookBetweenItsUpstreamAndDownstreamAndDriftFindsAHandEdit()
      throws Exception {
    CliRun apply = CliRun.of("apply", "--output", "json", env());

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(apply.out());
    JsonNode applied = resource(report, "configure");
    assertThat(applied.get("action").asText()).isEqualTo("create");
    assertThat(applied.get("status").asText()).isEqualTo("succeeded");
    String networkId = resource(report, "net").get("outputs").get("id").asText();
    assertThat(networkId)
        .as("terraform_data's id, made by the real terraform apply")
        .matches("net-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(applied.get("outputs").get("network").asText()).isEqualTo(networkId);
    assertThat(target.resolve("network.conf")).hasContent("network = " + networkId + "\n");
    assertThat(SharedCloudProvider.live().get("sub"))
        .containsEntry("networkId", networkId)
        .containsEntry("cidrBlock", "10.0.7.0/24");

    CliRun again = CliRun.of("apply", env());
    assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).contains("  = configure (ansible:Playbook) none ... succeeded\n");

    Files.writeString(target.resolve("network.conf"), "network = by-hand\n");
    CliRun drift = CliRun.of("drift", "--output", "json", env());
    CliRun revert = CliRun.of("drift", "--revert", env());

    assertThat(drift.exitCode()).as(drift.out() + drift.err()).isEqualTo(2);
    JsonNode configure = resource(new ObjectMapper().readTree(drift.out()), "configure");
    assertThat(configure.get("drifted").asBoolean()).isTrue();
    JsonNode change = configure.get("changes").get(0);
    assertThat(change.get("path").asText()).isEqualTo("localhost[\"write the network config\"]");
    assertThat(change.get("before").asText()).isEqualTo("network = by-hand");
    assertThat(change.get("after").asText()).isEqualTo("network = " + networkId);
    assertThat(revert.exitCode()).as(revert.out() + revert.err()).isZero();
    assertThat(revert.out())
        .contains("  ~ configure (ansible:Playbook) update ... succeeded (drifted)\n");
    assertThat(target.resolve("network.conf")).hasContent("network = " + networkId + "\n");
  }

  @Test
  void aFailingTaskFailsTheApplyInOneLineAndBlocksItsDependents() throws Exception {
    repository
        .write(
            "envs/dev/environment.yaml",
            Files.readString(repository.root().resolve("envs/dev/environment.yaml"))
                .replace("ansible/site.yml", "ansible/failing.yml"))
        .commit("a failing playbook");

    CliRun apply = CliRun.of("apply", env());

    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.out())
        .contains(
            "failed:  configure (ansible:Playbook): task \"check the disk\" failed on localhost:"
                + " disk /data is 97% full\n")
        .contains("skipped: sub (test:net/Subnet): blocked by configure\n");
    assertThat(apply.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aTaskThatFailsOnlyInCheckModeLetsTheNextApplyRunForRealAndDriftReportsIt() throws Exception {
    repository
        .write(
            "envs/dev/environment.yaml",
            Files.readString(repository.root().resolve("envs/dev/environment.yaml"))
                .replace("ansible/site.yml", "ansible/registered.yml"))
        .commit("a playbook with a registered command result");

    CliRun first = CliRun.of("apply", env());
    Files.writeString(target.resolve("version"), "0.9\n");
    CliRun second = CliRun.of("apply", env());
    String written = Files.readString(target.resolve("version"));
    CliRun drift = CliRun.of("drift", "--output", "json", env());

    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
    assertThat(second.out()).contains("  ~ configure (ansible:Playbook) update ... succeeded\n");
    assertThat(written).startsWith("1.4.2 on net-");
    assertThat(drift.exitCode()).as(drift.out() + drift.err()).isEqualTo(2);
    JsonNode configure = resource(new ObjectMapper().readTree(drift.out()), "configure");
    assertThat(configure.get("drifted").asBoolean()).isTrue();
    JsonNode change = configure.get("changes").get(0);
    assertThat(change.get("path").asText()).isEqualTo("localhost[\"write the version\"]");
    assertThat(change.get("after").asText())
        .startsWith("unknown: the check run failed here (")
        .contains("list object has no element 0");
    assertThat(drift.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  static JsonNode resource(JsonNode report, String name) {
    for (JsonNode resource : report.get("resources")) {
      if (resource.get("name").asText().equals(name)) {
        return resource;
      }
    }
    throw new AssertionError("no resource " + name + " in " + report);
  }
}
