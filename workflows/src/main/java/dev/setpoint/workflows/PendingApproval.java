package dev.setpoint.workflows;

import dev.setpoint.orchestrator.report.RunReport;

/**
 * An environment-wide plan waiting for {@code setpoint approve}.
 *
 * @param planHash the hash an approval must name, as {@code setpoint plan} prints it
 * @param plan the plan itself, every resource's action and changes, in plan mode
 */
public record PendingApproval(String planHash, RunReport plan) {

  /** The command that approves this plan. */
  public String approveCommand() {
    return "setpoint approve " + plan.environment() + " --plan " + planHash;
  }
}
