package dev.setpoint.orchestrator.provider;

import dev.setpoint.orchestrator.git.SourceTree;
import dev.setpoint.orchestrator.model.ProviderSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a handler may use besides the resource itself. It is built inside the activity for each call
 * and never travels in a workflow payload.
 *
 * @param environment the environment's name, as the identity marks carry it
 * @param revision the commit the run reconciles to, or null when the files come from a working tree
 * @param providerSettings this provider's connection settings from the definition
 * @param sourceTree the repository files at {@code revision}, or null when the step needs none (a
 *     delete of a resource that has left Git)
 * @param workDirectory a folder under {@code SETPOINT_HOME} the provider may keep files in between
 *     runs (Terraform working directories, Ansible private data directories)
 * @param progressListener where long steps report that they are alive
 * @param prune the environment's {@code policy.prune}: whether a handler that manages several live
 *     objects per resource (Kubernetes manifests) deletes those that left Git
 */
public record ProviderContext(
    String environment,
    String revision,
    ProviderSettings providerSettings,
    SourceTree sourceTree,
    Path workDirectory,
    ProgressListener progressListener,
    boolean prune) {

  public ProviderContext {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(providerSettings, "providerSettings");
    Objects.requireNonNull(workDirectory, "workDirectory");
    progressListener = progressListener == null ? ProgressListener.NONE : progressListener;
  }

  /** A context of an environment that prunes, as {@code policy.prune} defaults to. */
  public ProviderContext(
      String environment,
      String revision,
      ProviderSettings providerSettings,
      SourceTree sourceTree,
      Path workDirectory,
      ProgressListener progressListener) {
    this(
        environment, revision, providerSettings, sourceTree, workDirectory, progressListener, true);
  }

  /** Shorthand for {@code progressListener().progress(detail)}. */
  public void progress(String detail) {
    progressListener.progress(detail);
  }
}
