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
      line(page, "last attempt", state.lastAttempt().describe());
    }
    if (status.running() != null) {
      line(page, "running", status.running().describe());
    }
    if (state.lastAudit() != null) {
      line(page, "last audit", state.lastAudit().describe());
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

  private static String at(Instant instant) {
    return instant == null ? "-" : instant.toString();
  }

  private static void line(StringBuilder page, String label, String value) {
    page.append("- ").append(label).append(": ").append(value).append('\n');
  }
}
