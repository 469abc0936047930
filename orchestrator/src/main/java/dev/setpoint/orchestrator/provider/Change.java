package dev.setpoint.orchestrator.provider;

import dev.setpoint.orchestrator.model.Values;
import java.util.regex.Pattern;

/**
 * One field whose live value differs from Git's.
 *
 * @param path the field, from the resource's properties: {@code enableDnsHostnames}, {@code
 *     tags.team}, {@code routes[0].gatewayId}, and {@code labels["app.kubernetes.io/name"]} for a
 *     key that is not a plain name; {@link #keyPath} and {@link #indexPath} build them
 * @param before the live value, or null when the field is unset or the resource does not exist
 * @param after the value Git declares, or null when the field is removed
 */
public record Change(String path, Object before, Object after) {

  /** Keys written after a dot; the grammar of reference paths, so a path reads like one. */
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  public Change {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("a change names the field it changes");
    }
    before = Values.immutable(before);
    after = Values.immutable(after);
  }

  /**
   * The path of a map entry: {@code tags.team}, or {@code tags["kubernetes.io/role"]} when the key
   * is not a plain name.
   *
   * @param parent the path of the map, or {@code ""} for a top-level property
   */
  public static String keyPath(String parent, String key) {
    if (PLAIN_KEY.matcher(key).matches()) {
      return parent.isEmpty() ? key : parent + "." + key;
    }
    return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }

  /** The path of a list element: {@code routes[0]}. */
  public static String indexPath(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** The top-level property the path starts in: {@code tags} for {@code tags.team}. */
  public String topLevelProperty() {
    if (path.startsWith("[\"")) {
      StringBuilder key = new StringBuilder();
      for (int i = 2; i < path.length(); i++) {
        char c = path.charAt(i);
        if (c == '\\' && i + 1 < path.length()) {
          key.append(path.charAt(++i));
        } else if (c == '"') {
          return key.toString();
        } else {
          key.append(c);
        }
      }
      return path;
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '.' || c == '[') {
        return path.substring(0, i);
      }
    }
    return path;
  }
}
