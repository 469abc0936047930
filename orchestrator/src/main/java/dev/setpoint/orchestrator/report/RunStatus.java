package dev.setpoint.orchestrator.report;

import java.util.Locale;

/** Where a run stands; the run can succeed while {@code plan} finds changes or drift is found. */
public enum RunStatus {
  /** Under way: a report of the resources finished so far. */
  RUNNING,
  /** Every resource reached its end without a failure. */
  SUCCEEDED,
  /** A resource failed, or the run itself could not proceed (the definition did not load). */
  FAILED,
  /** Stopped before the end, by a person or by a newer commit. */
  CANCELLED;

  /** The lower-case name reports use: {@code succeeded}. */
  public String reportName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
