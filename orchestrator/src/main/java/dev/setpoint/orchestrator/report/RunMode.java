package dev.setpoint.orchestrator.report;

import java.util.Locale;

/** What a run does: the command that started it. */
public enum RunMode {
  /** Observe and show what apply would do; changes nothing. */
  PLAN,
  /** Reconcile once, in dependency order. */
  APPLY,
  /** Audit for drift, reverting it where asked and allowed. */
  DRIFT,
  /** Delete every managed resource in reverse order. */
  DESTROY;

  /** The lower-case name reports use: {@code apply}. */
  public String reportName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
