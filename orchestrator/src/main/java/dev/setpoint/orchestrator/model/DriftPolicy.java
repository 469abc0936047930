package dev.setpoint.orchestrator.model;

/** What a run does with a live value that differs from Git. */
public enum DriftPolicy {
  /** Put Git's value back. */
  REVERT,
  /** Report the drift and leave it in place. */
  REPORT,
  /** Do not even look. */
  IGNORE;

  public String yamlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
