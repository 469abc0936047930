package dev.setpoint.workflows;

import dev.setpoint.orchestrator.report.RunMode;

/**
 * One run of {@link ReconcileEnvironment}.
 *
 * @param revert in {@link RunMode#DRIFT}: revert drift where the resource's policy allows
 */
public record ReconcileRequest(
    EnvironmentSource source, RunMode mode, boolean revert, RunSettings settings) {

  public ReconcileRequest {
    settings = settings == null ? RunSettings.defaults() : settings;
  }

  /** Whether this run may change live systems, so at most one per environment may run. */
  public boolean mutating() {
    return mode == RunMode.APPLY || mode == RunMode.DESTROY || (mode == RunMode.DRIFT && revert);
  }
}
