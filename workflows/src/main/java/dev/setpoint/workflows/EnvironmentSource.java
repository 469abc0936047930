package dev.setpoint.workflows;

/**
 * Where a run reads its environment: a repository and a path in it, at a ref or a revision.
 *
 * @param repository an absolute path of a local working tree (read by workers on the same machine),
 *     or a remote URL (https, ssh, file) that workers clone into their cache
 * @param remote whether {@code repository} is a URL
 * @param path the environment file or its folder, repository-relative
 * @param ref a branch or tag, or null for HEAD (the default branch of a remote)
 * @param revision a full or abbreviated commit id, or null
 * @param workingTree read the files as they are on disk in the local working tree instead of the
 *     commit ({@code plan --working-tree}); the revision is then the commit they are based on
 */
public record EnvironmentSource(
    String repository,
    boolean remote,
    String path,
    String ref,
    String revision,
    boolean workingTree) {

  /** A source read from its commit, as every run but {@code plan --working-tree} reads it. */
  public EnvironmentSource(
      String repository, boolean remote, String path, String ref, String revision) {
    this(repository, remote, path, ref, revision, false);
  }

  /** For messages and summaries: {@code environments/staging (main)}. */
  public String describe() {
    if (workingTree) {
      return path + " (working tree)";
    }
    String at = revision != null ? revision : ref != null ? ref : "HEAD";
    return path + " (" + at + ")";
  }
}
