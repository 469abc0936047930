package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.setpoint.orchestrator.testing.SigningGit;
import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.workflows.SharedCloudProvider;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apply --allowed-signers}: through the CLI entry point and an embedded Temporal server,
 * only a commit signed by a listed SSH key changes anything; the refusal is one line in the report.
 */
class SignedCommitsTest {

  @TempDir Path folder;
  SigningGit git;
  Path repository;
  Path alice;
  Path allowedSigners;

  @BeforeEach
  void repository() throws Exception {
    assumeTrue(SigningGit.available(false), "git and ssh-keygen are needed");
    SharedCloudProvider.reset();
    System.setProperty("setpoint.home", folder.resolve("home").toString());
    System.setProperty("setpoint.temporal.address", "");
    git = new SigningGit(folder.resolve("keys"));
    alice = git.sshKey("alice");
    allowedSigners = git.allowedSigners("allowed_signers", "alice@example.com", alice);
    try (TestRepository created = TestRepository.init(folder.resolve("repo"))) {
      created.write("envs/dev/environment.yaml", ReconcileCommandsTest.ENVIRONMENT);
      repository = created.root();
    }
  }

  @AfterEach
  void forget() {
    System.clearProperty("setpoint.home");
    System.clearProperty("setpoint.temporal.address");
  }

  @Test
  void anUnsignedCommitIsRefusedAndNothingChanges() throws Exception {
    String commit = git.commit(repository, null, null, "bob@example.com", "unsigned");

    CliRun apply = CliRun.of("apply", "--allowed-signers", allowedSigners.toString(), env());

    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.out() + apply.err())
        .contains(
            "commit "
                + commit.substring(0, 7)
                + " is not signed: sign it with a key in the trust list");
    assertThat(SharedCloudProvider.live()).isEmpty();
  }

  @Test
  void aCommitSignedByAnotherKeyIsRefused() throws Exception {
    Path mallory = git.sshKey("mallory");
    git.commit(repository, "ssh", mallory.toString(), "mallory@example.com", "signed by mallory");

    CliRun apply = CliRun.of("apply", "--allowed-signers", allowedSigners.toString(), env());

    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.out() + apply.err()).contains("allowed_signers does not trust");
    assertThat(SharedCloudProvider.live()).isEmpty();
  }

  @Test
  void aCommitSignedByAnAllowedSignerIsApplied() throws Exception {
    git.commit(repository, "ssh", alice.toString(), "alice@example.com", "signed by alice");

    CliRun apply = CliRun.of("apply", "--allowed-signers", allowedSigners.toString(), env());

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    assertThat(SharedCloudProvider.live()).containsOnlyKeys("net", "sub");
  }

  @Test
  void aMissingTrustListIsOneLineBeforeAnythingStarts() throws Exception {
    git.commit(repository, "ssh", alice.toString(), "alice@example.com", "signed by alice");

    CliRun apply =
        CliRun.of("apply", "--allowed-signers", folder.resolve("nope").toString(), env());

    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.err().strip())
        .startsWith("error: --allowed-signers ")
        .endsWith("is not a readable file: give the path of the trust list")
        .doesNotContain("\n");
    assertThat(SharedCloudProvider.live()).isEmpty();
  }

  private String env() {
    return repository.resolve("envs/dev").toString();
  }
}
