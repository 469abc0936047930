package dev.setpoint.orchestrator.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
  private static Path repository;
  private static Path gnupgHome;
  private static Path allowedSigners;
  private static Path trustedGpgKeys;
  private static Path untrustedGpgKeys;

  private static String aliceSshCommit;
  private static String mallorySshCommit;
  private static String unsignedCommit;
  private static String carolGpgCommit;

  @BeforeAll
  static void signCommits() throws Exception {
    assumeTrue(onPath("git") && onPath("ssh-keygen") && onPath("gpg"), "git, ssh-keygen and gpg");
    repository = Files.createDirectories(home.resolve("repo"));
    gnupgHome = Files.createDirectories(home.resolve("gnupg"));
    Files.setPosixFilePermissions(
        gnupgHome, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    run(home, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "alice", "-f", "alice");
    run(home, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "mallory", "-f", "mallory");
    allowedSigners = home.resolve("allowed_signers");
    Files.writeString(
        allowedSigners,
        "alice@example.com namespaces=\"git\" " + Files.readString(home.resolve("alice.pub")));
    for (String user : List.of("Carol <carol@example.com>", "Dave <dave@example.com>")) {
      run(
          home,
          "gpg",
          "--batch",
          "--pinentry-mode",
          "loopback",
          "--passphrase",
          "",
          "--quick-gen-key",
          user,
          "ed25519",
          "sign",
          "never");
    }
    trustedGpgKeys = home.resolve("trusted.asc");
    Files.writeString(trustedGpgKeys, run(home, "gpg", "--armor", "--export", "carol@example.com"));
    untrustedGpgKeys = home.resolve("dave.asc");
    Files.writeString(
        untrustedGpgKeys, run(home, "gpg", "--armor", "--export", "dave@example.com"));

    run(repository, "git", "init", "-q", "-b", "main");
    aliceSshCommit = commit("ssh", home.resolve("alice").toString(), "alice@example.com");
    mallorySshCommit = commit("ssh", home.resolve("mallory").toString(), "mallory@example.com");
    unsignedCommit = commit(null, null, "bob@example.com");
    carolGpgCommit = commit("openpgp", "carol@example.com", "carol@example.com");
  }

  @AfterAll
  static void stopAgent() throws Exception {
    if (gnupgHome != null && onPath("gpgconf")) {
      run(home, "gpgconf", "--kill", "gpg-agent");
    }
  }

  @Test
  void anSshSignatureByAnAllowedSignerIsTrusted() {
    SignatureVerdict verdict = verify(aliceSshCommit, new TrustedSigners(allowedSigners, null));
    assertThat(verdict.trusted()).as(verdict.reason()).isTrue();
    assertThat(verdict.signer()).startsWith("SSH key SHA256:");
    assertThat(gitVerifies(aliceSshCommit)).isTrue();
  }

  @Test
  void anSshSignatureByAKeyNotListedIsRefusedAsGitRefusesIt() {
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

  private static boolean gitVerifies(String commitId) {
    try {
      return exitCode(
              repository,
              "git",
              "-c",
              "gpg.ssh.allowedSignersFile=" + allowedSigners,
              "verify-commit",
              commitId)
          == 0;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same commit object, signature header included, with another message. */
  private static String forge(String commitId) throws Exception {
    String raw = run(repository, "git", "cat-file", "commit", commitId);
    Path forged = home.resolve("forged-" + commitId);
    Files.writeString(forged, raw + "and a line the signer never saw\n");
    return run(repository, "git", "hash-object", "-t", "commit", "-w", forged.toString()).strip();
  }

  private static String commit(String format, String key, String email) throws Exception {
    Files.writeString(repository.resolve("file.txt"), email + System.nanoTime());
    run(repository, "git", "add", "file.txt");
    List<String> command =
        new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=" + email));
    if (format != null) {
      command.addAll(List.of("-c", "gpg.format=" + format, "-c", "user.signingkey=" + key));
    }
    command.addAll(List.of("commit", "-q", format == null ? "--no-gpg-sign" : "-S", "-m", email));
    run(repository, command.toArray(String[]::new));
    return run(repository, "git", "rev-parse", "HEAD").strip();
  }

  private static String run(Path directory, String... command) throws Exception {
    Process process = start(directory, command);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }

  private static int exitCode(Path directory, String... command)
      throws IOException, InterruptedException {
    Process process = start(directory, command);
    process.getInputStream().readAllBytes();
    return process.waitFor();
  }

  private static Process start(Path directory, String... command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    Map<String, String> environment = builder.environment();
    environment.put("GNUPGHOME", gnupgHome.toString());
    environment.put("GIT_CONFIG_NOSYSTEM", "1");
    environment.put("HOME", home.toString());
    return builder.redirectErrorStream(true).start();
  }

  private static boolean onPath(String program) {
    for (String folder : System.getenv("PATH").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(folder, program))) {
        return true;
      }
    }
    return false;
  }
}
