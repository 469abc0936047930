package dev.setpoint.orchestrator.git;

/**
 * Whether a commit may be applied under a {@link TrustedSigners} list, and why.
 *
 * @param trusted true when the commit carries a valid signature by a listed key, or no list is
 *     enforced
 * @param signer who signed (the SSH principal or the OpenPGP user id), or null
 * @param reason one line a person can act on: why the commit is refused, or who signed it
 */
public record SignatureVerdict(boolean trusted, String signer, String reason) {

  static SignatureVerdict trustedBy(String signer, String how) {
    return new SignatureVerdict(true, signer, "signed by " + signer + " (" + how + ")");
  }

  static SignatureVerdict refused(String reason) {
    return new SignatureVerdict(false, null, reason);
  }
}
