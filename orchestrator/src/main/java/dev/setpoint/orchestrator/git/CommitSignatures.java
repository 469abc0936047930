package dev.setpoint.orchestrator.git;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.Security;
import java.util.Iterator;
import java.util.Locale;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SignatureVerifier.SignatureVerification;
import org.eclipse.jgit.lib.SignatureVerifiers;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.util.RawParseUtils;

/**
 * Checks a commit's signature against a {@link TrustedSigners} list. SSH signatures go through
 * JGit's verifier with the allowed-signers file; OpenPGP signatures are checked with BouncyCastle
 * against the listed keys only, because JGit's OpenPGP verifier trusts any key in the process-wide
 * keyring.
 */
final class CommitSignatures {

  private static final byte[] SIGNATURE_HEADER = "gpgsig".getBytes(StandardCharsets.US_ASCII);

  private CommitSignatures() {}

  static SignatureVerdict check(Repository repository, RevCommit commit, TrustedSigners signers) {
    if (!signers.enforced()) {
      return new SignatureVerdict(true, null, "no trust list: signatures are not checked");
    }
    String id = commit.abbreviate(7).name();
    byte[] signature = commit.getRawGpgSignature();
    if (signature == null) {
      return SignatureVerdict.refused(
          "commit " + id + " is not signed: sign it with a key in the trust list");
    }
    try {
      return switch (SignatureVerifiers.getFormat(signature)) {
        case SSH -> checkSsh(repository, commit, signers, id);
        case OPENPGP -> checkOpenPgp(commit, signature, signers, id);
        default ->
            SignatureVerdict.refused(
                "commit " + id + " has an X.509 signature, which Setpoint does not verify");
      };
    } catch (IOException | PGPException | RuntimeException e) {
      return SignatureVerdict.refused(
          "commit " + id + ": its signature could not be verified (" + e.getMessage() + ")");
    }
  }

  private static SignatureVerdict checkSsh(
      Repository repository, RevCommit commit, TrustedSigners signers, String id)
      throws IOException {
    if (signers.allowedSignersFile() == null) {
      return SignatureVerdict.refused(
          "commit " + id + " is signed with an SSH key, but only --trusted-gpg-keys is configured");
    }
    Config config = new Config();
    config.setString("gpg", null, "format", "ssh");
    config.setString("gpg", "ssh", "allowedSignersFile", signers.allowedSignersFile().toString());
    SignatureVerification verification =
        SignatureVerifiers.verify(repository, new GpgConfig(config), commit);
    if (verification == null) {
      return SignatureVerdict.refused(
          "commit "
              + id
              + ": no SSH signature verifier is installed (org.eclipse.jgit.ssh.apache)");
    }
    if (!verification.verified() || verification.expired()) {
      return SignatureVerdict.refused(
          "commit "
              + id
              + " is signed by an SSH key that "
              + signers.allowedSignersFile().getFileName()
              + " does not trust: "
              + verification.message());
    }
    // JGit names the key, not the principal, of a verified SSH signature.
    String signer =
        verification.signer() != null
            ? verification.signer()
            : "SSH key " + verification.keyFingerprint();
    return SignatureVerdict.trustedBy(signer, "SSH");
  }

  private static SignatureVerdict checkOpenPgp(
      RevCommit commit, byte[] armoredSignature, TrustedSigners signers, String id)
      throws IOException, PGPException {
    if (signers.trustedGpgKeysFile() == null) {
      return SignatureVerdict.refused(
          "commit "
              + id
              + " is signed with an OpenPGP key, but only --allowed-signers is configured");
    }
    PGPSignature signature = readSignature(armoredSignature);
    PGPPublicKey key = trustedKeys(signers).getPublicKey(signature.getKeyID());
    String keyId = String.format(Locale.ROOT, "%016X", signature.getKeyID());
    if (key == null) {
      return SignatureVerdict.refused(
          "commit "
              + id
              + " is signed by OpenPGP key "
              + keyId
              + ", which "
              + signers.trustedGpgKeysFile().getFileName()
              + " does not list");
    }
    if (key.hasRevocation()) {
      return SignatureVerdict.refused("commit " + id + " is signed by revoked key " + keyId);
    }
    signature.init(new JcaPGPContentVerifierBuilderProvider().setProvider(bouncyCastle()), key);
    signature.update(signedPayload(commit.getRawBuffer()));
    if (!signature.verify()) {
      return SignatureVerdict.refused(
          "commit " + id + " has a bad OpenPGP signature: its content does not match it");
    }
    return SignatureVerdict.trustedBy(userId(key, keyId), "OpenPGP, key " + keyId);
  }

  private static PGPSignature readSignature(byte[] armored) throws IOException, PGPException {
    JcaPGPObjectFactory factory =
        new JcaPGPObjectFactory(PGPUtil.getDecoderStream(new ByteArrayInputStream(armored)));
    Object object = factory.nextObject();
    if (object instanceof PGPCompressedData compressed) {
      object = new JcaPGPObjectFactory(compressed.getDataStream()).nextObject();
    }
    if (object instanceof PGPSignatureList list && !list.isEmpty()) {
      return list.get(0);
    }
    throw new PGPException("no OpenPGP signature packet");
  }

  private static PGPPublicKeyRingCollection trustedKeys(TrustedSigners signers)
      throws IOException, PGPException {
    try (InputStream in = Files.newInputStream(signers.trustedGpgKeysFile())) {
      return new PGPPublicKeyRingCollection(
          PGPUtil.getDecoderStream(in), new JcaKeyFingerprintCalculator());
    }
  }

  /** The commit object without its {@code gpgsig} header: the bytes that were signed. */
  static byte[] signedPayload(byte[] raw) {
    int value = RawParseUtils.headerStart(SIGNATURE_HEADER, raw, 0);
    if (value < 0) {
      return raw;
    }
    int start = value - SIGNATURE_HEADER.length - 1;
    // nextLfSkippingSplitLines stops on the header's last LF, which goes with the header.
    int end = Math.min(raw.length, RawParseUtils.nextLfSkippingSplitLines(raw, value) + 1);
    byte[] payload = new byte[raw.length - (end - start)];
    System.arraycopy(raw, 0, payload, 0, start);
    System.arraycopy(raw, end, payload, start, raw.length - end);
    return payload;
  }

  private static String userId(PGPPublicKey key, String keyId) {
    Iterator<String> ids = key.getUserIDs();
    if (ids.hasNext()) {
      return ids.next();
    }
    return keyId;
  }

  private static synchronized BouncyCastleProvider bouncyCastle() {
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME)
        instanceof BouncyCastleProvider bc) {
      return bc;
    }
    BouncyCastleProvider provider = new BouncyCastleProvider();
    Security.addProvider(provider);
    return provider;
  }
}
