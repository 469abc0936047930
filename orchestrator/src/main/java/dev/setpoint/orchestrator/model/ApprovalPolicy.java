package dev.setpoint.orchestrator.model;

/** Whether an apply waits for a person to approve its plan. */
public enum ApprovalPolicy {
  NONE,
  REQUIRED;

  public String yamlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
