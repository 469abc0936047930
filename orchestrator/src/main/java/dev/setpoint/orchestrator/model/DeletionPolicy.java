package dev.setpoint.orchestrator.model;

/** What prune and destroy do with a resource. */
public enum DeletionPolicy {
  DELETE,
  /** Stop managing it, but leave it in place. */
  RETAIN;

  public String yamlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
