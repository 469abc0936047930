package dev.setpoint.workflows.controller;

/**
 * One controller in the {@link ControllerDirectory}: what it follows, so a push can find it.
 *
 * @param workflowId the controller's workflow ID
 * @param repository the repository URL or local path it reads
 * @param ref the branch it follows, or null for the repository's HEAD
 */
public record ControllerEntry(String workflowId, String repository, String ref) {

  /** Whether a push to {@code branch} moves what this controller follows. */
  public boolean follows(String branch) {
    // A controller on HEAD follows whatever branch HEAD names; a sync that finds nothing new is
    // free.
    return ref == null || RepositoryUrls.branch(ref).equals(RepositoryUrls.branch(branch));
  }
}
