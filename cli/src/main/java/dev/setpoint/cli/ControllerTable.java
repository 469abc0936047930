package dev.setpoint.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.setpoint.orchestrator.report.ResourceResult;
import dev.setpoint.orchestrator.report.ResourceStatus;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.workflows.controller.ControllerRun;
import dev.setpoint.workflows.controller.ControllerState;
import dev.setpoint.workflows.controller.ControllerStatus;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** {@code setpoint controller status}: the status as a table for people, or as JSON. */
final class ControllerTable {

  private static final ObjectMapper JSON =
      JacksonJsonPayloadConverter.newDefaultObjectMapper()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

  private ControllerTable() {}

  static String text(ControllerStatus status, boolean ended) {
    ControllerState state = status.state();
    StringBuilder table = new StringBuilder();
    row(table, "controller", status.workflowId() + " (" + condition(status, ended) + ")");
    row(table, "environment", state.environment().isEmpty() ? "-" : state.environment());
    row(
        table,
        "following",
        status.repository()
            + " "
            + status.path()
            + " ("
            + (status.ref() == null ? "HEAD" : status.ref())
            + ")");
    if (state.pinnedRevision() != null) {
      row(table, "pinned at", shortId(state.pinnedRevision()));
    }
    row(table, "head", shortId(state.headRevision()));
    row(table, "last applied", shortId(state.lastAppliedRevision()));
    row(table, "last attempt", state.lastAttempt() == null ? "-" : describe(state.lastAttempt()));
    if (status.running() != null) {
      row(table, "running", describe(status.running()));
    }
    row(table, "last audit", state.lastAudit() == null ? "-" : describe(state.lastAudit()));
    row(
        table,
        "drift",
        state.drift().isEmpty()
            ? "none found"
            : String.join(
                ", ",
                state.drift().stream()
                    .map(
                        r ->
                            r.name()
                                + (r.status() == ResourceStatus.SUCCEEDED
                                    ? " (reverted)"
                                    : " (left in place)"))
                    .toList()));
    row(table, "next poll", at(state.nextPollAt()));
    row(table, "next audit", at(state.nextAuditAt()));
    if (!status.blocked().isEmpty()) {
      table.append("blocked:\n");
      status.blocked().forEach(reason -> table.append("  - ").append(reason).append('\n'));
    }
    if (!state.resources().isEmpty()) {
      table.append("resources (last apply):\n");
      resources(table, state.resources());
    }
    return table.toString();
  }

  /** The resources of the run in flight, as its {@code progress} query reports them. */
  static String inFlight(RunReport run) {
    StringBuilder table =
        new StringBuilder("resources (in flight, " + shortId(run.revision()) + "):\n");
    if (run.resources().isEmpty()) {
      table.append("  (the run is reading its definition)\n");
    }
    resources(table, run.resources());
    return table.toString();
  }

  private static void resources(StringBuilder table, List<ResourceResult> resources) {
    int width = resources.stream().mapToInt(r -> r.name().length()).max().orElse(4);
    for (ResourceResult resource : resources) {
      table
          .append("  ")
          .append(String.format(Locale.ROOT, "%-" + width + "s", resource.name()))
          .append("  ")
          .append(String.format(Locale.ROOT, "%-9s", resource.status().reportName()))
          .append("  ")
          .append(resource.action().name().toLowerCase(Locale.ROOT))
          .append('\n');
    }
  }

  /** One object: the status as the query answers it, plus whether the controller has ended. */
  static String json(ControllerStatus status, boolean ended) {
    ObjectNode node = JSON.valueToTree(status);
    node.put("ended", ended);
    try {
      return JSON.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("a status that cannot be written as JSON", impossible);
    }
  }

  /** One line for watching a controller: what it has applied, runs and found. */
  static String summaryLine(ControllerStatus status) {
    ControllerState state = status.state();
    return "head "
        + shortId(state.headRevision())
        + ", applied "
        + shortId(state.lastAppliedRevision())
        + (status.running() == null ? "" : ", running " + describe(status.running()))
        + (state.lastAttempt() == null || status.running() != null
            ? ""
            : ", last attempt " + describe(state.lastAttempt()))
        + (state.driftPresent() ? ", drift left in place" : "")
        + (status.blocked().isEmpty() ? "" : ", blocked: " + status.blocked().get(0));
  }

  private static String condition(ControllerStatus status, boolean ended) {
    if (ended) {
      return "ended";
    }
    if (status.stopping()) {
      return "stopping";
    }
    return status.state().suspended() ? "suspended" : "running";
  }

  private static String describe(ControllerRun run) {
    return run.describe() + (run.workflowId() == null ? "" : ", workflow " + run.workflowId());
  }

  private static String at(Instant instant) {
    return instant == null ? "-" : instant.toString();
  }

  private static String shortId(String revision) {
    return revision == null ? "-" : revision.substring(0, Math.min(7, revision.length()));
  }

  private static void row(StringBuilder table, String label, String value) {
    table.append(String.format(Locale.ROOT, "%-13s", label)).append(value).append('\n');
  }
}
