package dev.setpoint.orchestrator.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.setpoint.orchestrator.testing.SigningGit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commits signed by the real {@code git} with keys made by {@code ssh-keygen} and {@code gpg} in
 * the test, checked by {@link GitSource#verifySignature}; {@code git verify-commit} is the
 * reference.
 */
class CommitSignaturesIT {

  @TempDir static Path home;
  private static SigningGit git;
  private static Path repository;
  private static Path allowedSigners;
  private static Path trustedGpgKeys;
  private static Path untrustedGpgKeys;

  private static String aliceSshCommit;
  private static String mallorySshCommit;
  private static String unsignedCommit;
  private static String carolGpgCommit;

  @BeforeAll
  static void signCommits() throws Exception {
    assumeTrue(SigningGit.available(true), "git, ssh-keygen and gpg are needed");
    git = new SigningGit(home);
    repository = Files.createDirectories(home.resolve("repo"));
    Path alice = git.sshKey("alice");
    Path mallory = git.sshKey("mallory");
    allowedSigners = git.allowedSigners("allowed_signers", "alice@example.com", alice);
    trustedGpgKeys = home.resolve("trusted.asc");
    Files.writeString(trustedGpgKeys, git.gpgKey("Carol <carol@example.com>", "carol@example.com"));
    untrustedGpgKeys = home.resolve("dave.asc");
    Files.writeString(untrustedGpgKeys, git.gpgKey("Dave <dave@example.com>", "dave@example.com"));

    git.run(repository, "git", "init", "-q", "-b", "main");
    aliceSshCommit = git.commit(repository, "ssh", alice.toString(), "alice@example.com", "a");
    mallorySshCommit =
        git.commit(repository, "ssh", mallory.toString(), "mallory@example.com", "m");
    unsignedCommit = git.commit(repository, null, null, "bob@example.com", "b");
    carolGpgCommit =
        git.commit(repository, "openpgp", "carol@example.com", "carol@example.com", "c");
  }

  @AfterAll
  static void stopAgent() throws Exception {
    if (git != null) {
      git.stopAgent();
    }
  }

  @Test
  void anSshSignatureByAnAllowedSignerIsTrusted() throws IOException {
    SignatureVerdict verdict = verify(aliceSshCommit, new TrustedSigners(allowedSigners, null));
    assertThat(verdict.trusted()).as(verdict.reason()).isTrue();
    assertThat(verdict.signer()).startsWith("SSH key SHA256:");
    assertThat(gitVerifies(aliceSshCommit)).isTrue();
  }

  @Test
  void anSshSignatureByAKeyNotListedIsRefusedAsGitRefusesIt() throws IOException {
    SignatureVerdict verdict = verify(mallorySshCommit, new TrustedSigners(allowedSigners, null));
    assertThat(verdict.trusted()).isFalse();
    assertThat(verdict.reason())
        .startsWith("commit " + mallorySshCommit.substring(0, 7) + " is signed by an SSH key that")
        .contains("allowed_signers does not trust");
    assertThat(gitVerifies(mallorySshCommit)).isFalse();
  }

  @Test
  void anUnsignedCommitIsRefusedWhateverTheList() {
    for (TrustedSigners signers :
        List.of(
            new TrustedSigners(allowedSigners, null),
            new TrustedSigners(null, trustedGpgKeys),
            new TrustedSigners(allowedSigners, trustedGpgKeys))) {
      assertThat(verify(unsignedCommit, signers).reason())
          .isEqualTo(
              "commit "
                  + unsignedCommit.substring(0, 7)
                  + " is not signed: sign it with a key in the trust list");
    }
  }

  @Test
  void anOpenPgpSignatureByAListedKeyIsTrusted() {
    SignatureVerdict verdict = verify(carolGpgCommit, new TrustedSigners(null, trustedGpgKeys));
    assertThat(verdict.trusted()).as(verdict.reason()).isTrue();
    assertThat(verdict.signer()).isEqualTo("Carol <carol@example.com>");
  }

  @Test
  void anOpenPgpSignatureByAKeyNotListedIsRefusedEvenWhenTheKeyringHasIt() {
    SignatureVerdict verdict = verify(carolGpgCommit, new TrustedSigners(null, untrustedGpgKeys));
    assertThat(verdict.trusted()).isFalse();
    assertThat(verdict.reason()).contains("dave.asc does not list");
  }

  @Test
  void aSignatureOfTheOtherFormatNeedsItsOwnList() {
    assertThat(verify(aliceSshCommit, new TrustedSigners(null, trustedGpgKeys)).reason())
        .endsWith("is signed with an SSH key, but only --trusted-gpg-keys is configured");
    assertThat(verify(carolGpgCommit, new TrustedSigners(allowedSigners, null)).reason())
        .endsWith("is signed with an OpenPGP key, but only --allowed-signers is configured");
    assertThat(verify(carolGpgCommit, new TrustedSigners(allowedSigners, trustedGpgKeys)).trusted())
        .isTrue();
  }

  @Test
  void aSignatureCopiedOntoOtherContentIsRefused() throws Exception {
    String forgedGpg = forge(carolGpgCommit);
    assertThat(verify(forgedGpg, new TrustedSigners(null, trustedGpgKeys)).reason())
        .endsWith("has a bad OpenPGP signature: its content does not match it");
    String forgedSsh = forge(aliceSshCommit);
    assertThat(verify(forgedSsh, new TrustedSigners(allowedSigners, null)).trusted()).isFalse();
    assertThat(gitVerifies(forgedSsh)).isFalse();
  }

  @Test
  void withoutAListEveryCommitIsApplied() {
    assertThat(verify(unsignedCommit, TrustedSigners.ANYONE).trusted()).isTrue();
  }

  @Test
  void aMissingTrustListFileIsAOneLineError() {
    assertThatThrownBy(() -> new TrustedSigners(home.resolve("nope"), null))
        .isInstanceOf(GitSourceException.class)
        .hasMessageContaining("--allowed-signers")
        .hasMessageContaining("is not a readable file");
  }

  private static SignatureVerdict verify(String commitId, TrustedSigners signers) {
    try (GitSource source = GitSource.openLocal(repository)) {
      return source.verifySignature(new Revision(commitId, null, ""), signers);
    }
  }

  private static boolean gitVerifies(String commitId) throws IOException {
    return git.exitCode(
            repository,
            "git",
            "-c",
            "gpg.ssh.allowedSignersFile=" + allowedSigners,
            "verify-commit",
            commitId)
        == 0;
  }

  /** The same commit object, signature header included, with another message. */
  private static String forge(String commitId) throws Exception {
    String raw = git.run(repository, "git", "cat-file", "commit", commitId);
    Path forged = home.resolve("forged-" + commitId);
    Files.writeString(forged, raw + "and a line the signer never saw\n");
    return git.run(repository, "git", "hash-object", "-t", "commit", "-w", forged.toString())
        .strip();
  }
}
