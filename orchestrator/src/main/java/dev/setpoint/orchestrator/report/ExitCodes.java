package dev.setpoint.orchestrator.report;

import dev.setpoint.orchestrator.provider.Plan;

/** The exit code of {@code plan}, {@code apply}, {@code drift} and {@code destroy} (SPEC §3). */
public final class ExitCodes {

  /** Plan: no changes. Apply and destroy: all done. Drift: in sync at the end. */
  public static final int SUCCESS = 0;

  /** A resource failed or was blocked, or the run did not finish. */
  public static final int ERROR = 1;

  /** Plan: there are changes. Drift: drift was found and left in place. */
  public static final int CHANGES = 2;

  private ExitCodes() {}

  /**
   * The exit code a finished run's report calls for. A skipped resource counts as an error: it was
   * blocked by a failure. A report whose run is still running or was cancelled is an error. In
   * {@code drift} mode, drift left in place is a drifted resource whose status is not {@code
   * SUCCEEDED} (it is {@code PENDING}: reported, not reverted).
   */
  public static int of(RunReport report) {
    if (report.status() != RunStatus.SUCCEEDED || anyFailedOrSkipped(report)) {
      return ERROR;
    }
    return switch (report.mode()) {
      case PLAN ->
          report.resources().stream().anyMatch(r -> r.action() != Plan.Action.NONE)
              ? CHANGES
              : SUCCESS;
      case APPLY, DESTROY ->
          report.resources().stream().allMatch(r -> r.status() == ResourceStatus.SUCCEEDED)
              ? SUCCESS
              : ERROR;
      case DRIFT ->
          report.resources().stream()
                  .anyMatch(r -> r.drifted() && r.status() != ResourceStatus.SUCCEEDED)
              ? CHANGES
              : SUCCESS;
    };
  }

  private static boolean anyFailedOrSkipped(RunReport report) {
    return report.resources().stream()
        .anyMatch(r -> r.status() == ResourceStatus.FAILED || r.status() == ResourceStatus.SKIPPED);
  }
}
