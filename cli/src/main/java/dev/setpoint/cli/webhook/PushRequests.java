package dev.setpoint.cli.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads a webhook request: which host sent it (by its headers), whether it proves it knows the
 * secret, and which branch moved. GitHub and the generic form sign the body with HMAC-SHA256;
 * GitLab sends the secret itself as a token. Both are compared in constant time.
 */
public final class PushRequests {

  /** The header of the generic form: {@code sha256=} and the hex HMAC-SHA256 of the body. */
  public static final String GENERIC_SIGNATURE_HEADER = "X-Setpoint-Signature-256";

  private static final String ZERO_COMMIT = "0".repeat(40);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What to do with a request. */
  public sealed interface Outcome {}

  /** A verified push to a branch. */
  public record Accepted(PushEvent push) implements Outcome {}

  /** Verified, but nothing to sync (a ping, a tag, a deleted branch, another event). */
  public record Ignored(String reason) implements Outcome {}

  /** Refused: {@code status} 401 for a bad or missing signature, 400 for a malformed request. */
  public record Rejected(int status, String reason) implements Outcome {}

  private final byte[] secret;

  /** A reader for requests signed with {@code secret}, which must not be blank. */
  public PushRequests(String secret) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("the webhook secret is empty");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Classifies one request; {@code header} looks a header up by name, ignoring case, and returns
   * null when it is absent.
   */
  public Outcome read(Function<String, String> header, byte[] body) {
    if (header.apply("X-GitHub-Event") != null) {
      return github(header, body);
    }
    if (header.apply("X-Gitlab-Event") != null) {
      return gitlab(header, body);
    }
    if (header.apply(GENERIC_SIGNATURE_HEADER) != null) {
      return generic(header, body);
    }
    return new Rejected(
        401,
        "no signature: send X-Hub-Signature-256 (GitHub), X-Gitlab-Token (GitLab) or "
            + GENERIC_SIGNATURE_HEADER);
  }

  private Outcome github(Function<String, String> header, byte[] body) {
    if (!hmacMatches(header.apply("X-Hub-Signature-256"), body)) {
      return new Rejected(401, "bad GitHub signature (X-Hub-Signature-256)");
    }
    String event = header.apply("X-GitHub-Event");
    if (!event.equals("push")) {
      return new Ignored("GitHub " + event + " event");
    }
    return parse(
        body,
        "github",
        payload -> urls(payload.path("repository"), "clone_url", "ssh_url", "git_url", "html_url"));
  }

  private Outcome gitlab(Function<String, String> header, byte[] body) {
    String token = header.apply("X-Gitlab-Token");
    if (token == null || !MessageDigest.isEqual(secret, token.getBytes(StandardCharsets.UTF_8))) {
      return new Rejected(401, "bad GitLab token (X-Gitlab-Token)");
    }
    String event = header.apply("X-Gitlab-Event");
    if (!event.equals("Push Hook")) {
      return new Ignored("GitLab " + event);
    }
    return parse(
        body,
        "gitlab",
        payload -> {
          List<String> urls =
              urls(payload.path("project"), "git_http_url", "git_ssh_url", "web_url");
          urls.addAll(urls(payload.path("repository"), "git_http_url", "git_ssh_url", "homepage"));
          return urls;
        });
  }

  private Outcome generic(Function<String, String> header, byte[] body) {
    if (!hmacMatches(header.apply(GENERIC_SIGNATURE_HEADER), body)) {
      return new Rejected(401, "bad signature (" + GENERIC_SIGNATURE_HEADER + ")");
    }
    return parse(body, "generic", payload -> urls(payload, "repository"));
  }

  private Outcome parse(
      byte[] body, String source, Function<JsonNode, List<String>> repositoryUrls) {
    JsonNode payload;
    try {
      payload = JSON.readTree(body);
    } catch (IOException e) {
      return new Rejected(400, "the body is not JSON");
    }
    if (payload == null || !payload.isObject()) {
      return new Rejected(400, "the body is not a JSON object");
    }
    String ref = payload.path("ref").asText("");
    String commit = payload.path("after").asText(payload.path("commit").asText(""));
    List<String> urls = repositoryUrls.apply(payload);
    if (urls.isEmpty() || ref.isEmpty()) {
      return new Rejected(400, "the push names no repository URL or no ref");
    }
    if (ref.startsWith("refs/tags/")) {
      return new Ignored("a tag push (" + ref + ")");
    }
    if (commit.equals(ZERO_COMMIT)) {
      return new Ignored("a deleted branch (" + ref + ")");
    }
    String branch = ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
    return new Accepted(new PushEvent(source, urls, branch, commit));
  }

  private static List<String> urls(JsonNode node, String... fields) {
    List<String> urls = new ArrayList<>();
    for (String field : fields) {
      String url = node.path(field).asText("");
      if (!url.isBlank()) {
        urls.add(url);
      }
    }
    return urls;
  }

  private boolean hmacMatches(String signatureHeader, byte[] body) {
    if (signatureHeader == null
        || !signatureHeader.toLowerCase(Locale.ROOT).startsWith("sha256=")) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(signatureHeader.substring("sha256=".length()).strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmacSha256(secret, body), given);
  }

  /** HMAC-SHA256 of {@code body} with {@code key}, as GitHub computes it. */
  public static byte[] hmacSha256(byte[] key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** The signature header value a sender of the generic form (or GitHub) sends for {@code body}. */
  public static String signature(String secret, String body) {
    return "sha256="
        + HexFormat.of()
            .formatHex(
                hmacSha256(
                    secret.getBytes(StandardCharsets.UTF_8),
                    body.getBytes(StandardCharsets.UTF_8)));
  }

  /** Looks a header up in a map whose keys differ in case from the name asked for. */
  public static Function<String, String> headers(Map<String, List<String>> headers) {
    return name ->
        headers.entrySet().stream()
            .filter(entry -> entry.getKey() != null && entry.getKey().equalsIgnoreCase(name))
            .flatMap(entry -> entry.getValue().stream())
            .findFirst()
            .orElse(null);
  }
}
