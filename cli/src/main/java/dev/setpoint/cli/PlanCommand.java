package dev.setpoint.cli;

import dev.setpoint.orchestrator.report.RunMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

  @Option(
      names = "--working-tree",
      description =
          "Plan the files as they are on disk instead of the commit (local repositories only;"
              + " workers must run on this machine, as the embedded ones do).")
  boolean workingTree;

  @Override
  boolean workingTree() {
    return workingTree;
  }

  @Override
  RunMode mode() {
    return RunMode.PLAN;
  }
}
