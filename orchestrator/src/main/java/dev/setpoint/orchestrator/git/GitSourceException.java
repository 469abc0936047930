package dev.setpoint.orchestrator.git;

/**
 * A repository, ref, revision or remote that Setpoint cannot use; the message is one line that says
 * what to do about it.
 */
public final class GitSourceException extends RuntimeException {

  public GitSourceException(String message) {
    super(message);
  }

  public GitSourceException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The entry path of a run is missing from the commit: most often it was never committed. */
  public static GitSourceException pathNotInCommit(String path, Revision revision) {
    return new GitSourceException(
        "path \""
            + path
            + "\" is not in commit "
            + revision.shortId()
            + " (is it committed? use --working-tree to read files on disk)");
  }
}
