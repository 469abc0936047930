package dev.setpoint.orchestrator.git;

import java.util.ArrayDeque;
import java.util.Deque;

/** Repository-relative paths: forward slashes, no leading slash, {@code ""} for the root. */
public final class RepoPaths {

  private RepoPaths() {}

  /**
   * Resolves {@code relative} against the folder {@code base} and normalizes it.
   *
   * @throws PathOutsideRepositoryException for an absolute path, or one whose {@code ..} climbs
   *     past the repository root
   */
  public static String resolve(String base, String relative) {
    if (relative.startsWith("/") || relative.startsWith("\\") || relative.matches("^[A-Za-z]:.*")) {
      throw new PathOutsideRepositoryException(
          "absolute path \"" + relative + "\": paths are relative to the file that names them");
    }
    String joined = base.isEmpty() ? relative : base + "/" + relative;
    Deque<String> parts = new ArrayDeque<>();
    for (String part : joined.replace('\\', '/').split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          throw new PathOutsideRepositoryException(
              "path \"" + relative + "\" leads out of the repository");
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return String.join("/", parts);
  }

  /** The folder holding {@code path}: {@code ""} for a file at the root. */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  public static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
