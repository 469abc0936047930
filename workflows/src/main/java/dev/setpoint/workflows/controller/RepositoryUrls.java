package dev.setpoint.workflows.controller;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One spelling per repository and branch, so that {@code git@github.com:acme/envs.git} and {@code
 * https://github.com/acme/envs/} match: host (lower case) and path, without user, port, scheme or a
 * trailing {@code .git}; and {@code refs/heads/main} is {@code main}. A controller's workflow ID
 * and a push webhook's match both read them so, so they agree on which controller is whose.
 */
public final class RepositoryUrls {

  /** The scp-like form git accepts for SSH: {@code user@host:path}. */
  private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/]+@)?([^:/]+):(?!//)(.+)$");

  private RepositoryUrls() {}

  /** The repository's one spelling. */
  public static String canonical(String url) {
    String trimmed = url.strip();
    String host;
    String path;
    Matcher scp = SCP_LIKE.matcher(trimmed);
    if (!trimmed.contains("://") && scp.matches()) {
      host = scp.group(1);
      path = scp.group(2);
    } else {
      try {
        URI uri = new URI(trimmed);
        host = uri.getHost() == null ? "" : uri.getHost();
        path = uri.getPath() == null ? trimmed : uri.getPath();
      } catch (URISyntaxException e) {
        return trimmed;
      }
    }
    path = path.replaceAll("/+$", "");
    if (path.endsWith(".git")) {
      path = path.substring(0, path.length() - ".git".length());
    }
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    return host.toLowerCase(Locale.ROOT) + path;
  }

  /** A branch without {@code refs/heads/}; null (the repository's HEAD) stays null. */
  public static String branch(String ref) {
    if (ref == null) {
      return null;
    }
    String trimmed = ref.strip();
    return trimmed.startsWith("refs/heads/") ? trimmed.substring("refs/heads/".length()) : trimmed;
  }
}
