package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.workflows.SharedCloudProvider;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code setpoint rollback} without a controller: an apply at an earlier commit of the branch. */
class RollbackCommandTest {

  @TempDir Path folder;
  TestRepository repository;
  String first;
  String second;

  @BeforeEach
  void twoCommits() throws Exception {
    SharedCloudProvider.reset();
    System.setProperty("setpoint.home", folder.resolve("home").toString());
    System.setProperty("setpoint.temporal.address", "");
    repository = TestRepository.init(folder.resolve("repo"));
    repository.write("envs/dev/environment.yaml", ReconcileCommandsTest.ENVIRONMENT);
    first = repository.commit("dev environment");
    repository.write(
        "envs/dev/environment.yaml",
        ReconcileCommandsTest.ENVIRONMENT.replace("team: platform", "team: payments"));
    second = repository.commit("payments owns the network");
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
  void rollbackAppliesTheEarlierCommitAndSaysHowToMakeItPermanent() {
    assertThat(CliRun.of("apply", env()).exitCode()).isZero();
    assertThat(SharedCloudProvider.live().get("net"))
        .containsEntry("tags", Map.of("team", "payments"));

    CliRun rollback = CliRun.of("rollback", env(), "--to", first.substring(0, 7));

    assertThat(rollback.exitCode()).as(rollback.err()).isZero();
    assertThat(rollback.out())
        .startsWith("rollback dev at " + first.substring(0, 7))
        .endsWith(
            "hint: Git still says "
                + second.substring(0, 7)
                + ". To make the rollback permanent, revert the later commits and push: git revert"
                + " --no-edit "
                + first.substring(0, 7)
                + ".."
                + second.substring(0, 7)
                + "\n");
    assertThat(SharedCloudProvider.live().get("net"))
        .containsEntry("tags", Map.of("team", "platform"));
  }

  @Test
  void aCommitOfAnotherBranchIsRefusedInOneLine() throws Exception {
    String other;
    try (Git git = Git.open(repository.root().toFile())) {
      git.checkout().setCreateBranch(true).setName("experiment").setStartPoint(first).call();
      repository.write("envs/dev/notes.txt", "an experiment");
      other = repository.commit("experiment");
      git.checkout().setName("main").call();
    }

    CliRun rollback = CliRun.of("rollback", env(), "--to", other);

    assertThat(rollback.exitCode()).isEqualTo(1);
    assertThat(rollback.err().strip())
        .isEqualTo(
            "error: commit "
                + other.substring(0, 7)
                + " is not on main (head "
                + second.substring(0, 7)
                + "): rollback returns to an earlier commit of the same branch");
    assertThat(SharedCloudProvider.live()).isEmpty();
  }
}
