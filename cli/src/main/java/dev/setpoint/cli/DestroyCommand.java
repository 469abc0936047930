package dev.setpoint.cli;

import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.workflows.TrustLists;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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

  @Mixin TrustOptions trustOptions = new TrustOptions();

  @Override
  TrustLists trust() {
    return trustOptions.lists();
  }

  @Override
  RunMode mode() {
    return RunMode.DESTROY;
  }
}
