package dev.setpoint.workflows;

/** The commit a run reads: its id, the ref it came from (or null), and its subject line. */
public record ResolvedRevision(String commitId, String refName, String subject) {

  public String shortId() {
    return commitId.substring(0, Math.min(7, commitId.length()));
  }
}
