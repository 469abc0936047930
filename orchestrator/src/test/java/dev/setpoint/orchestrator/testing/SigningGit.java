package dev.setpoint.orchestrator.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code git}, {@code ssh-keygen} and {@code gpg} in a private home, to make signed
 * commits the way people make them; JGit then reads them as Setpoint does.
 */
public final class SigningGit {

  private final Path home;
  private final Path gnupgHome;

  /** Keys and configuration live under {@code home}, never in the user's own. */
  public SigningGit(Path home) throws IOException {
    this.home = Files.createDirectories(home);
    this.gnupgHome = Files.createDirectories(home.resolve("gnupg"));
    Files.setPosixFilePermissions(
        gnupgHome, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
  }

  /** Whether git, ssh-keygen and (for OpenPGP) gpg are on the PATH. */
  public static boolean available(boolean withGpg) {
    return onPath("git") && onPath("ssh-keygen") && (!withGpg || onPath("gpg"));
  }

  public Path home() {
    return home;
  }

  /** A new ed25519 SSH key pair named {@code name}; returns the private key's path. */
  public Path sshKey(String name) throws IOException {
    run(home, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", name);
    return home.resolve(name);
  }

  /** An allowed-signers file trusting {@code key} (a private key's path) for {@code email}. */
  public Path allowedSigners(String fileName, String email, Path key) throws IOException {
    Path file = home.resolve(fileName);
    Files.writeString(
        file,
        email + " namespaces=\"git\" " + Files.readString(Path.of(key + ".pub")),
        StandardCharsets.UTF_8);
    return file;
  }

  /** A new OpenPGP signing key for {@code userId}; returns its ASCII-armored public key. */
  public String gpgKey(String userId, String email) throws IOException {
    run(
        home,
        "gpg",
        "--batch",
        "--pinentry-mode",
        "loopback",
        "--passphrase",
        "",
        "--quick-gen-key",
        userId,
        "ed25519",
        "sign",
        "never");
    return run(home, "gpg", "--armor", "--export", email);
  }

  /**
   * Commits what is staged in {@code repository} (all changes are added first), signed with {@code
   * key} in {@code format} ({@code ssh} or {@code openpgp}), or unsigned when format is null;
   * returns the commit id.
   */
  public String commit(Path repository, String format, String key, String email, String message)
      throws IOException {
    run(repository, "git", "add", "-A");
    List<String> command =
        new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=" + email));
    if (format != null) {
      command.addAll(List.of("-c", "gpg.format=" + format, "-c", "user.signingkey=" + key));
    }
    command.addAll(
        List.of(
            "commit",
            "-q",
            "--allow-empty",
            format == null ? "--no-gpg-sign" : "-S",
            "-m",
            message));
    run(repository, command.toArray(String[]::new));
    return run(repository, "git", "rev-parse", "HEAD").strip();
  }

  /** Runs a command in {@code directory} with this home; fails with its output if it fails. */
  public String run(Path directory, String... command) throws IOException {
    Process process = start(directory, command);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return output;
  }

  /** Runs a command and returns its exit code. */
  public int exitCode(Path directory, String... command) throws IOException {
    Process process = start(directory, command);
    process.getInputStream().readAllBytes();
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Stops the gpg-agent the key generation started. */
  public void stopAgent() throws IOException {
    if (onPath("gpgconf")) {
      exitCode(home, "gpgconf", "--kill", "gpg-agent");
    }
  }

  private Process start(Path directory, String... command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().put("GNUPGHOME", gnupgHome.toString());
    builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    builder.environment().put("HOME", home.toString());
    return builder.redirectErrorStream(true).start();
  }

  private static boolean onPath(String program) {
    for (String folder : System.getenv("PATH").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(folder, program))) {
        return true;
      }
    }
    return false;
  }
}
