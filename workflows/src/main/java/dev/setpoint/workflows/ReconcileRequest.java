package dev.setpoint.workflows;

import dev.setpoint.orchestrator.report.RunMode;

/**
 * One run of {@link ReconcileEnvironment}.
 *
 * @param revert in {@link RunMode#DRIFT}: revert drift where the resource's policy allows
 * @param trust the signers the caller trusts; a run that changes live systems applies only a commit
 *     they (and the worker's own lists) trust
 */
public record ReconcileRequest(
    EnvironmentSource source,
    RunMode mode,
    boolean revert,
    RunSettings settings,
    TrustLists trust) {

  public ReconcileRequest {
    settings = settings == null ? RunSettings.defaults() : settings;
    trust = trust == null ? TrustLists.NONE : trust;
  }

  /** A run whose caller lists no signers (the worker's own lists still apply). */
  public ReconcileRequest(
      EnvironmentSource source, RunMode mode, boolean revert, RunSettings settings) {
    this(source, mode, revert, settings, TrustLists.NONE);
  }

  /** Whether this run may change live systems, so at most one per environment may run. */
  public boolean mutating() {
    return mode == RunMode.APPLY || mode == RunMode.DESTROY || (mode == RunMode.DRIFT && revert);
  }
}
