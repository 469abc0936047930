package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.workflows.SharedCloudProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code setpoint controller} against an embedded Temporal server named by TEMPORAL_ADDRESS, with a
 * worker the test runs as {@code setpoint worker} would: start, commit, sync, and see the status
 * report the new revision.
 */
class ControllerCommandTest {

  @TempDir Path folder;
  TestRepository repository;
  String first;
  ClientModeServer temporal;

  @BeforeEach
  void startAServerAndAWorker() throws Exception {
    SharedCloudProvider.reset();
    System.setProperty("setpoint.home", folder.resolve("home").toString());
    repository = TestRepository.init(folder.resolve("repo"));
    repository.write("envs/dev/environment.yaml", ReconcileCommandsTest.ENVIRONMENT);
    first = repository.commit("dev environment");
    temporal = ClientModeServer.start(folder.resolve("worker-home"), true).startWorkers();
  }

  @AfterEach
  void stop() {
    temporal.close();
    repository.close();
    System.clearProperty("setpoint.home");
  }

  String env() {
    return repository.root().resolve("envs/dev").toString();
  }

  JsonNode status() throws Exception {
    CliRun status = CliRun.of("controller", "status", env(), "--output", "json");
    assertThat(status.exitCode()).as(status.err()).isZero();
    return new ObjectMapper().readTree(status.out());
  }

  String lastApplied() throws Exception {
    return status().path("state").path("lastAppliedRevision").asText(null);
  }

  @Test
  void aStartedControllerAppliesANewCommitAndStatusReportsIt() throws Exception {
    CliRun start = CliRun.of("controller", "start", env());
    assertThat(start.exitCode()).as(start.err()).isZero();
    assertThat(start.out()).startsWith("started controller setpoint-dev-controller-");
    await().atMost(Duration.ofSeconds(60)).until(() -> first.equals(lastApplied()));

    repository.write(
        "envs/dev/environment.yaml",
        ReconcileCommandsTest.ENVIRONMENT.replace("team: platform", "team: payments"));
    String second = repository.commit("payments owns the network");
    CliRun sync = CliRun.of("controller", "sync", env());
    assertThat(sync.exitCode()).as(sync.err()).isZero();
    await().atMost(Duration.ofSeconds(60)).until(() -> second.equals(lastApplied()));

    CliRun table = CliRun.of("controller", "status", env());
    assertThat(table.exitCode()).isZero();
    assertThat(table.out())
        .contains("environment  dev")
        .contains("last applied " + second.substring(0, 7))
        .contains("last attempt apply " + second.substring(0, 7) + ": succeeded")
        .contains("net  succeeded  update");
    JsonNode json = status();
    assertThat(json.path("state").path("environment").asText()).isEqualTo("dev");
    assertThat(json.path("ended").asBoolean()).isFalse();
    assertThat(SharedCloudProvider.live().get("net"))
        .containsEntry("tags", Map.of("team", "payments"));

    CliRun again = CliRun.of("controller", "start", env());
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("is already running").contains("attached");

    CliRun stop = CliRun.of("controller", "stop", env());
    assertThat(stop.exitCode()).isZero();
    await().atMost(Duration.ofSeconds(30)).until(() -> status().path("ended").asBoolean());
  }

  @Test
  void rollbackPinsTheControllerAtTheOlderCommitUntilResume() throws Exception {
    assertThat(CliRun.of("controller", "start", env()).exitCode()).isZero();
    await().atMost(Duration.ofSeconds(60)).until(() -> first.equals(lastApplied()));
    repository.write(
        "envs/dev/environment.yaml",
        ReconcileCommandsTest.ENVIRONMENT.replace("team: platform", "team: payments"));
    String second = repository.commit("payments owns the network");
    assertThat(CliRun.of("controller", "sync", env()).exitCode()).isZero();
    await().atMost(Duration.ofSeconds(60)).until(() -> second.equals(lastApplied()));

    CliRun rollback = CliRun.of("rollback", env(), "--to", first.substring(0, 8));

    assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
    assertThat(rollback.out())
        .startsWith("pinned controller setpoint-dev-controller-")
        .contains("rollback to " + first.substring(0, 7) + ": succeeded")
        .contains("git revert --no-edit " + first.substring(0, 7) + ".." + second.substring(0, 7));
    assertThat(SharedCloudProvider.live().get("net"))
        .containsEntry("tags", Map.of("team", "platform"));
    CliRun table = CliRun.of("controller", "status", env());
    assertThat(table.out()).contains("pinned at").contains(first.substring(0, 7));

    assertThat(CliRun.of("controller", "resume", env()).exitCode()).isZero();
    await().atMost(Duration.ofSeconds(60)).until(() -> second.equals(lastApplied()));
    assertThat(status().path("state").path("pinnedRevision").isNull()).isTrue();
    assertThat(CliRun.of("controller", "stop", env()).exitCode()).isZero();
  }

  @Test
  void statusDuringARunShowsTheRunAndItsResourcesInFlight() throws Exception {
    SharedCloudProvider.slowApplyOf("sub", Duration.ofSeconds(4));
    CliRun start = CliRun.of("controller", "start", env());
    assertThat(start.exitCode()).as(start.err()).isZero();

    CliRun during =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> CliRun.of("controller", "status", env()),
                run -> run.out().contains("net  succeeded  create"));

    assertThat(during.out())
        .contains("running      apply " + first.substring(0, 7) + ": running")
        .contains("resources (in flight, " + first.substring(0, 7) + "):\n")
        .contains("sub  pending    none");
    await().atMost(Duration.ofSeconds(60)).until(() -> first.equals(lastApplied()));
    assertThat(CliRun.of("controller", "stop", env()).exitCode()).isZero();
  }

  @Test
  void aRepositorySpelledAnotherWayFindsTheSameController() throws Exception {
    String url = repository.root().toUri().toString().replaceAll("/+$", "");
    CliRun start = CliRun.of("controller", "start", "--repo", url, "envs/dev");
    assertThat(start.exitCode()).as(start.err()).isZero();

    CliRun again = CliRun.of("controller", "start", "--repo", url + "/", "envs/dev/");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("is already running").contains("attached");
    CliRun status =
        CliRun.of("controller", "status", "--repo", url + ".git", "envs/dev", "--output", "json");
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(new ObjectMapper().readTree(status.out()).path("repository").asText())
        .isEqualTo(url);

    assertThat(CliRun.of("controller", "stop", "--repo", url + ".git/", "envs/dev").exitCode())
        .isZero();
  }

  @Test
  void aSignalOrStatusOfNoControllerIsOneLineThatSaysWhatToDo() {
    for (String command : new String[] {"sync", "status"}) {
      CliRun run = CliRun.of("controller", command, env());

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err())
          .startsWith("error: no controller is running for ")
          .endsWith("start one with `setpoint controller start`\n");
    }
  }

  @Test
  void aRevisionIsRefusedBecauseAControllerFollowsABranch() {
    CliRun start = CliRun.of("controller", "start", env(), "--revision", "HEAD");

    assertThat(start.exitCode()).isEqualTo(1);
    assertThat(start.err()).startsWith("error: a controller follows a branch, not a commit");
  }
}
