package dev.setpoint.cli.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One spelling per repository, so that {@code git@github.com:acme/envs.git} and {@code
 * https://github.com/acme/envs} match: host (lower case) and path, without user, port, scheme or a
 * trailing {@code .git}.
 */
final class RepositoryUrls {

  /** The scp-like form git accepts for SSH: {@code user@host:path}. */
  private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/]+@)?([^:/]+):(?!//)(.+)$");

  private RepositoryUrls() {}

  static String canonical(String url) {
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
}
