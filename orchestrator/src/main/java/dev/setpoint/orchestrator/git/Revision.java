package dev.setpoint.orchestrator.git;

import java.util.regex.Pattern;

/**
 * One commit of an environment repository, and how the user named it.
 *
 * @param commitId the full 40-hex commit id
 * @param refName the full ref the commit was reached through ({@code refs/heads/main}), or {@code
 *     null} when the user gave a bare commit id
 * @param subject the first line of the commit message, for reports
 */
public record Revision(String commitId, String refName, String subject) {

  private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{40}");

  public Revision {
    if (commitId == null || !COMMIT_ID.matcher(commitId).matches()) {
      throw new IllegalArgumentException("not a 40-hex commit id: " + commitId);
    }
    if (subject == null) {
      throw new IllegalArgumentException("subject must not be null (use \"\")");
    }
  }

  /** The abbreviated id people recognise from {@code git log --oneline}. */
  public String shortId() {
    return commitId.substring(0, 7);
  }
}
