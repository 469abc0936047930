package dev.setpoint.orchestrator.report;

import java.util.Locale;

/** Where one resource of a run stands. */
public enum ResourceStatus {
  /** Its step finished: applied, deleted, or found in sync. */
  SUCCEEDED,
  /** Its step failed; the result's {@code error} says why. */
  FAILED,
  /** Not attempted, because a dependency failed; the result's {@code blockedBy} names it. */
  SKIPPED,
  /** Planned but not applied: every resource in {@code plan} mode, and drift left in place. */
  PENDING;

  /** The lower-case name reports use: {@code skipped}. */
  public String reportName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
