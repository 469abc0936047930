package dev.setpoint.cli;

import dev.setpoint.orchestrator.report.RunMode;
import picocli.CommandLine.Command;

/** {@code setpoint destroy ENV}. */
@Command(
    name = "destroy",
    mixinStandardHelpOptions = true,
    description = {
      "Delete every resource the environment manages, dependents first, leaving those with "
          + "deletionPolicy: retain in place.",
      "Exit codes: 0 all deleted, 1 any deletion failed or was blocked."
    })
final class DestroyCommand extends ReconcileCommand {

  @Override
  RunMode mode() {
    return RunMode.DESTROY;
  }
}
