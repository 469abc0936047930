package dev.setpoint.workflows.controller;

import dev.setpoint.orchestrator.report.ResourceResult;
import java.time.Instant;

/** The controller's current details in the Temporal UI: its status as a short Markdown page. */
final class ControllerDetails {

  private ControllerDetails() {}

  static String markdown(ControllerStatus status) {
    ControllerState state = status.state();
    StringBuilder page = new StringBuilder();
    page.append("**controller of ")
        .append(state.environment().isEmpty() ? status.path() : state.environment())
        .append("**")
        .append(state.suspended() ? " (suspended)" : "")
        .append(status.stopping() ? " (stopping)" : "")
        .append("\n\n");
    line(page, "head", EnvironmentControllerImpl.shortId(state.headRevision()));
    line(page, "last applied", EnvironmentControllerImpl.shortId(state.lastAppliedRevision()));
    if (state.lastAttempt() != null) {
      line(page, "last attempt", describe(state.lastAttempt()));
    }
    if (status.running() != null) {
      line(page, "running", describe(status.running()));
    }
    if (state.lastAudit() != null) {
      line(page, "last audit", describe(state.lastAudit()));
    }
    for (ResourceResult drifted : state.drift()) {
      line(page, "drift", drifted.name() + " (" + drifted.status().reportName() + ")");
    }
    for (String reason : status.blocked()) {
      line(page, "blocked", reason);
    }
    line(page, "next poll", at(state.nextPollAt()));
    line(page, "next audit", at(state.nextAuditAt()));
    return page.toString();
  }

  /** {@code apply 1a2b3c4: succeeded}, with the message when there is one. */
  static String describe(ControllerRun run) {
    return run.mode().reportName()
        + (run.revert() ? " --revert" : "")
        + " "
        + EnvironmentControllerImpl.shortId(run.revision())
        + ": "
        + run.status().reportName()
        + (run.message() == null ? "" : " (" + run.message() + ")");
  }

  private static String at(Instant instant) {
    return instant == null ? "-" : instant.toString();
  }

  private static void line(StringBuilder page, String label, String value) {
    page.append("- ").append(label).append(": ").append(value).append('\n');
  }
}
