package dev.setpoint.cli;

import dev.setpoint.orchestrator.git.GitSourceException;
import dev.setpoint.orchestrator.git.TrustedSigners;
import dev.setpoint.workflows.TrustLists;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --allowed-signers} and {@code --trusted-gpg-keys}: with either, only commits signed by a
 * listed key are applied. The lists live outside Git, because a commit cannot vouch for itself.
 */
final class TrustOptions {

  @Option(
      names = "--allowed-signers",
      paramLabel = "FILE",
      description =
          "Apply only commits signed by an SSH key in FILE (the format of git's"
              + " gpg.ssh.allowedSignersFile).")
  Path allowedSigners;

  @Option(
      names = "--trusted-gpg-keys",
      paramLabel = "FILE",
      description =
          "Apply only commits signed by an OpenPGP key in FILE (ASCII-armored public keys, as"
              + " gpg --armor --export writes them).")
  Path trustedGpgKeys;

  /** The lists as the worker's own, checked where they are. */
  TrustedSigners signers() {
    try {
      return new TrustedSigners(allowedSigners, trustedGpgKeys);
    } catch (GitSourceException e) {
      throw new CommandException(e.getMessage());
    }
  }

  /** The lists as a run carries them to whichever worker runs it. */
  TrustLists lists() {
    signers(); // the same one-line error for a missing file, before anything starts
    return TrustLists.read(allowedSigners, trustedGpgKeys);
  }
}
