package dev.setpoint.cli;

import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.workflows.TrustLists;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code setpoint drift ENV [--revert]}. */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description = {
      "Audit every resource for drift: live state that differs from the commit. With --revert,"
          + " also revert it where the resource's drift policy allows (drift: revert).",
      "Exit codes: 0 in sync at the end, 2 drift found and left in place, 1 error or a failed"
          + " revert."
    })
final class DriftCommand extends ReconcileCommand {

  @Option(
      names = "--revert",
      description = "Revert drift where policy allows; at most one such run per environment.")
  boolean revert;

  @Mixin TrustOptions trustOptions = new TrustOptions();

  @Override
  TrustLists trust() {
    return trustOptions.lists();
  }

  @Override
  RunMode mode() {
    return RunMode.DRIFT;
  }

  @Override
  boolean revert() {
    return revert;
  }
}
