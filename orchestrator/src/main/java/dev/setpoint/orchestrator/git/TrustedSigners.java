package dev.setpoint.orchestrator.git;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who may sign the commits Setpoint applies: an SSH allowed-signers file (the format of {@code git
 * config gpg.ssh.allowedSignersFile}) and/or a file of ASCII-armored OpenPGP public keys. The lists
 * live outside the repository by design: a commit cannot vouch for itself.
 *
 * @param allowedSignersFile SSH keys that may sign, or null
 * @param trustedGpgKeysFile OpenPGP public keys that may sign, or null
 */
public record TrustedSigners(Path allowedSignersFile, Path trustedGpgKeysFile) {

  /** No list: every commit is applied, signed or not. */
  public static final TrustedSigners ANYONE = new TrustedSigners(null, null);

  public TrustedSigners {
    allowedSignersFile = absolute(allowedSignersFile, "--allowed-signers");
    trustedGpgKeysFile = absolute(trustedGpgKeysFile, "--trusted-gpg-keys");
  }

  /** Whether a commit must carry a trusted signature to be applied. */
  public boolean enforced() {
    return allowedSignersFile != null || trustedGpgKeysFile != null;
  }

  private static Path absolute(Path file, String option) {
    if (file == null) {
      return null;
    }
    Path absolute = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(absolute)) {
      throw new GitSourceException(
          option + " " + absolute + " is not a readable file: give the path of the trust list");
    }
    return absolute;
  }
}
