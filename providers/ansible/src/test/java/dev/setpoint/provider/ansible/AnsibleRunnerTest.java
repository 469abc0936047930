package dev.setpoint.provider.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.provider.ProviderException;
import dev.setpoint.orchestrator.testing.InMemoryTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wrapper's arguments, artifact reading and messages, with no ansible-runner started. */
class AnsibleRunnerTest {

  @TempDir Path temp;

  private PrivateDataDir dir(Object inventory) {
    InMemoryTree tree =
        InMemoryTree.of(
            Map.of(
                "ansible/site.yml", "- hosts: all\n",
                "ansible/roles/web/tasks/main.yml", "- debug: {}\n",
                "ansible/inventory/hosts.ini", "web1\n"));
    return PrivateDataDir.create(temp, tree, "ansible/site.yml", inventory, Map.of("n", 1));
  }

  @Test
  void checkModeTagsAndLimitAreArguments() {
    PrivateDataDir dir = dir(null);
    AnsibleRunner runner = new AnsibleRunner(null);

    List<String> check =
        runner.arguments(
            dir,
            new AnsibleRunner.RunOptions(
                true, "web*", List.of("config", "it's"), Duration.ofMinutes(1)));
    List<String> real =
        runner.arguments(dir, new AnsibleRunner.RunOptions(false, null, List.of(), Duration.ZERO));

    assertThat(check)
        .containsExactly(
            "ansible-runner",
            "run",
            dir.root().toString(),
            "--playbook",
            "site.yml",
            "--ident",
            "setpoint",
            "--json",
            "--limit",
            "web*",
            "--cmdline=--check --diff --tags 'config,it'\"'\"'s'");
    assertThat(real).noneMatch(a -> a.startsWith("--cmdline")).doesNotContain("--limit");
  }

  @Test
  void thePrivateDataDirHoldsTheProjectInventoryAndExtraVarsAndIsDeletedOnClose() throws Exception {
    PrivateDataDir inline = dir(Map.of("all", Map.of("hosts", Map.of("web1", Map.of()))));
    PrivateDataDir folder = dir("ansible/inventory");
    PrivateDataDir local = dir(null);

    assertThat(inline.root().resolve("project/site.yml")).hasContent("- hosts: all\n");
    assertThat(inline.root().resolve("project/roles/web/tasks/main.yml")).exists();
    assertThat(inline.root().resolve("env/extravars")).hasContent("{\"n\":1}");
    assertThat(inline.root().resolve("inventory/hosts.yml"))
        .hasContent("{\"all\":{\"hosts\":{\"web1\":{}}}}");
    assertThat(folder.root().resolve("inventory/hosts.ini")).hasContent("web1\n");
    assertThat(local.root().resolve("inventory/hosts.yml"))
        .hasContent(PrivateDataDir.LOCALHOST_INVENTORY);
    assertThat(inline.root()).isNotEqualTo(local.root());

    inline.close();
    assertThat(inline.root()).doesNotExist();
  }

  @Test
  void resultsComeFromRcStatusAndTheJobEventsInCounterOrder() throws Exception {
    Path artifacts = Files.createDirectories(temp.resolve("artifacts/setpoint/job_events"));
    Files.writeString(artifacts.getParent().resolve("rc"), "2\n");
    Files.writeString(artifacts.getParent().resolve("status"), "failed\n");
    event(
        artifacts,
        10,
        "playbook_on_stats",
        "{\"ok\":{\"web1\":2},\"changed\":{\"web1\":1},\"failures\":{\"web1\":1},\"dark\":{},"
            + "\"skipped\":{},\"artifact_data\":{\"url\":\"http://web1\"}}");
    event(
        artifacts,
        2,
        "runner_on_ok",
        "{\"host\":\"web1\",\"task\":\"write\",\"task_action\":\"template\","
            + "\"res\":{\"changed\":true,\"diff\":[{\"before\":\"a\\n\",\"after\":\"b\\n\"}]}}");
    event(
        artifacts,
        3,
        "runner_on_ok",
        "{\"host\":\"web1\",\"task\":\"read\",\"res\":{\"changed\":false}}");
    event(
        artifacts,
        4,
        "runner_on_failed",
        "{\"host\":\"web1\",\"task\":\"ignored\",\"ignore_errors\":true,\"res\":{\"msg\":\"x\"}}");
    event(
        artifacts,
        5,
        "runner_on_failed",
        "{\"host\":\"web1\",\"task\":\"start\",\"res\":{\"msg\":\"no such service\"}}");

    AnsibleRunner.RunResult result = AnsibleRunner.read(artifacts.getParent(), 9, null);

    assertThat(result.returnCode()).isEqualTo(2);
    assertThat(result.status()).isEqualTo("failed");
    assertThat(result.successful()).isFalse();
    assertThat(result.hosts())
        .containsExactly(Map.entry("web1", new AnsibleRunner.HostStats(2, 1, 1, 0, 0)));
    assertThat(result.changed()).extracting(AnsibleRunner.TaskEvent::task).containsExactly("write");
    assertThat(result.failed()).extracting(AnsibleRunner.TaskEvent::task).containsExactly("start");
    assertThat(result.stats()).containsExactly(Map.entry("url", "http://web1"));
    assertThat(AnsiblePlaybookHandler.failure(result, true))
        .get()
        .extracting(ProviderException::getMessage)
        .isEqualTo("check run: task \"start\" failed on web1: no such service");
  }

  @Test
  void aRunWithoutArtifactsFailsWithAnsiblesErrorLine() {
    AnsibleRunner.RunResult result =
        AnsibleRunner.read(temp.resolve("none"), 4, "ERROR! couldn't resolve module/action 'x'");

    assertThat(AnsiblePlaybookHandler.failure(result, false))
        .get()
        .extracting(ProviderException::getMessage)
        .isEqualTo(
            "ansible-playbook failed (rc 4, failed): ERROR! couldn't resolve module/action 'x'");
  }

  @Test
  void aChangedTaskIsOneChangePerHostWithAShortOneLineDiff() {
    String longText = "x".repeat(300);
    Map<String, Object> noDiff = new java.util.LinkedHashMap<>();
    noDiff.put("before", null);
    noDiff.put("after", "changes (the module reports no diff)");
    Map<String, Object> changes =
        AnsiblePlaybookHandler.changes(
            List.of(
                new AnsibleRunner.TaskEvent(
                    "web1",
                    "write the config",
                    "template",
                    null,
                    List.of(Map.of("before", "a\nb\n", "after", "a\nc\n"))),
                new AnsibleRunner.TaskEvent(
                    "web1",
                    "write the config",
                    "template",
                    null,
                    List.of(Map.of("before", Map.of("state", "absent"), "after", longText))),
                new AnsibleRunner.TaskEvent("web2", "restart", "service", null, List.of())));

    assertThat(changes)
        .containsExactly(
            Map.entry("web1[\"write the config\"]", Map.of("before", "a ⏎ b", "after", "a ⏎ c")),
            Map.entry(
                "web1[\"write the config\"][2]",
                Map.of(
                    "before",
                    "{\"state\":\"absent\"}",
                    "after",
                    "x".repeat(AnsiblePlaybookHandler.SUMMARY_LENGTH - 1) + "…")),
            Map.entry("web2.restart", noDiff));
  }

  private static void event(Path folder, int counter, String type, String data) throws Exception {
    Files.writeString(
        folder.resolve(counter + "-" + java.util.UUID.randomUUID() + ".json"),
        "{\"counter\":" + counter + ",\"event\":\"" + type + "\",\"event_data\":" + data + "}");
  }
}
