package dev.setpoint.cli;

import dev.setpoint.orchestrator.report.RunMode;
import picocli.CommandLine.Command;

/** {@code setpoint plan ENV}. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Observe every resource at the commit and show what apply would do: create, update "
          + "(field by field, before and after), replace, or delete on prune. Changes nothing.",
      "Exit codes: 0 no changes, 2 changes, 1 error."
    })
final class PlanCommand extends ReconcileCommand {

  @Override
  RunMode mode() {
    return RunMode.PLAN;
  }
}
