package dev.setpoint.workflows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The signers a run's caller trusts, as the contents of the files given to {@code
 * --allowed-signers} and {@code --trusted-gpg-keys}: contents, not paths, because the worker that
 * checks them may run on another machine. A worker's own lists are checked as well.
 *
 * @param allowedSigners an SSH allowed-signers file's text, or null
 * @param trustedGpgKeys ASCII-armored OpenPGP public keys, or null
 */
public record TrustLists(String allowedSigners, String trustedGpgKeys) {

  /** The caller lists nobody: only the worker's own lists, if any, apply. */
  public static final TrustLists NONE = new TrustLists(null, null);

  public boolean enforced() {
    return allowedSigners != null || trustedGpgKeys != null;
  }

  /** Reads the files a person named; either may be null. */
  public static TrustLists read(Path allowedSignersFile, Path trustedGpgKeysFile) {
    return new TrustLists(
        read(allowedSignersFile, "--allowed-signers"),
        read(trustedGpgKeysFile, "--trusted-gpg-keys"));
  }

  private static String read(Path file, String option) {
    if (file == null) {
      return null;
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          option
              + " "
              + file
              + " cannot be read ("
              + e.getMessage()
              + "): give the trust list's path",
          e);
    }
  }
}
