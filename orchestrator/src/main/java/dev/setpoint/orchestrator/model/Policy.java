package dev.setpoint.orchestrator.model;

/** Environment-wide policy; resources may override {@code drift}. */
public record Policy(DriftPolicy drift, boolean prune, ApprovalPolicy approval) {

  public static final Policy DEFAULT = new Policy(DriftPolicy.REVERT, true, ApprovalPolicy.NONE);
}
