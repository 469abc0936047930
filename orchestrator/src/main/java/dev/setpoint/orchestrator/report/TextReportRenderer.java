package dev.setpoint.orchestrator.report;

import dev.setpoint.orchestrator.provider.Change;
import dev.setpoint.orchestrator.provider.Plan;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The summary a person reads at the end of a run: a header, one line per resource with its
 * field-level changes and outputs beneath it, counts by action and by status, then each failure and
 * each skipped resource on one line. Values are written as JSON, so {@code "2"} and {@code 2} look
 * different; sensitive outputs read {@code (sensitive)}.
 */
public final class TextReportRenderer {

  private static final Pattern FULL_COMMIT = Pattern.compile("[0-9a-f]{40}");
  private static final int SHORT_COMMIT = 12;
  private static final String INDENT = "    ";

  /** The summary, lines separated and ended by {@code \n}. */
  public String render(RunReport report) {
    List<String> lines = new ArrayList<>();
    lines.add(header(report));
    if (report.workflowId() != null) {
      lines.add(
          "workflow "
              + report.workflowId()
              + (report.runId() == null ? "" : ", run " + report.runId()));
    }
    lines.add("");
    if (report.resources().isEmpty()) {
      lines.add("no resources");
      return String.join("\n", lines) + "\n";
    }
    resourceLines(report.resources(), lines);
    lines.add("");
    lines.add("actions: " + countActions(report.resources()));
    lines.add("status:  " + countStatuses(report.resources()));
    List<String> drifted =
        report.resources().stream()
            .filter(ResourceResult::drifted)
            .map(ResourceResult::name)
            .toList();
    if (!drifted.isEmpty()) {
      lines.add("drifted: " + String.join(", ", drifted));
    }
    problemLines(report.resources(), lines);
    if (report.mode() == RunMode.PLAN) {
      lines.add("plan hash: " + PlanHash.of(report));
    }
    return String.join("\n", lines) + "\n";
  }

  private static String header(RunReport report) {
    StringBuilder header =
        new StringBuilder(report.mode().reportName()).append(" of ").append(report.environment());
    String revision = report.revision();
    if (revision != null) {
      header.append(
          FULL_COMMIT.matcher(revision).matches()
              ? " at commit " + revision.substring(0, SHORT_COMMIT)
              : " at " + revision);
    }
    return header.append(": ").append(report.status().reportName()).toString();
  }

  private static void resourceLines(List<ResourceResult> results, List<String> lines) {
    int labelWidth = 0;
    int nameWidth = 0;
    int typeWidth = 0;
    for (ResourceResult result : results) {
      labelWidth = Math.max(labelWidth, label(result.action()).length());
      nameWidth = Math.max(nameWidth, result.name().length());
      typeWidth = Math.max(typeWidth, result.type().length());
    }
    String row = "%-" + labelWidth + "s  %-" + nameWidth + "s  %-" + typeWidth + "s  %s";
    for (ResourceResult result : results) {
      String line =
          String.format(
              row,
              label(result.action()),
              result.name(),
              result.type(),
              result.status().reportName());
      lines.add(result.drifted() ? line + " (drifted)" : line);
      for (Change change : result.changes()) {
        lines.add(
            INDENT
                + change.path()
                + ": "
                + (change.before() == null ? "(unset)" : ReportJson.text(change.before()))
                + " -> "
                + (change.after() == null ? "(unset)" : ReportJson.text(change.after())));
      }
      Map<String, Object> outputs = result.outputs().redacted();
      if (!outputs.isEmpty()) {
        List<String> shown = new ArrayList<>();
        outputs.forEach(
            (name, value) ->
                shown.add(
                    name
                        + " = "
                        + (result.outputs().sensitive().contains(name)
                            ? value
                            : ReportJson.text(value))));
        lines.add(INDENT + "outputs: " + String.join(", ", shown));
      }
    }
  }

  /** The action with the symbol people know from Terraform: {@code -/+ replace}. */
  static String label(Plan.Action action) {
    return switch (action) {
      case CREATE -> "+ create";
      case UPDATE -> "~ update";
      case REPLACE -> "-/+ replace";
      case DELETE -> "- delete";
      case NONE -> "= none";
    };
  }

  private static String countActions(List<ResourceResult> results) {
    Map<Plan.Action, Integer> counts = new EnumMap<>(Plan.Action.class);
    results.forEach(result -> counts.merge(result.action(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((action, count) -> parts.add(count + " " + action.reportName()));
    return String.join(", ", parts);
  }

  private static String countStatuses(List<ResourceResult> results) {
    Map<ResourceStatus, Integer> counts = new EnumMap<>(ResourceStatus.class);
    results.forEach(result -> counts.merge(result.status(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((status, count) -> parts.add(count + " " + status.reportName()));
    return String.join(", ", parts);
  }

  private static void problemLines(List<ResourceResult> results, List<String> lines) {
    List<String> problems = new ArrayList<>();
    for (ResourceResult result : results) {
      String which = result.name() + " (" + result.type() + "): ";
      if (result.status() == ResourceStatus.FAILED) {
        problems.add("failed:  " + which + oneLine(result.error()));
      } else if (result.status() == ResourceStatus.SKIPPED) {
        problems.add(
            "skipped: "
                + which
                + (result.blockedBy().isEmpty()
                    ? "not attempted"
                    : "blocked by " + String.join(", ", result.blockedBy())));
      }
    }
    if (!problems.isEmpty()) {
      lines.add("");
      lines.addAll(problems);
    }
  }

  private static String oneLine(String error) {
    if (error == null || error.isBlank()) {
      return "no error message was recorded";
    }
    return error.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
