package dev.setpoint.cli;

import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.workflows.TrustLists;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code setpoint apply ENV}. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Reconcile the environment once to the commit, in dependency order, independent "
          + "resources in parallel; a failed resource blocks only what depends on it.",
      "Exit codes: 0 all in sync, 1 any resource failed or was blocked."
    })
final class ApplyCommand extends ReconcileCommand {

  @Mixin TrustOptions trustOptions = new TrustOptions();

  @Override
  TrustLists trust() {
    return trustOptions.lists();
  }

  @Override
  RunMode mode() {
    return RunMode.APPLY;
  }
}
