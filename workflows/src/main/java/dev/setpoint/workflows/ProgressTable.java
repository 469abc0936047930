package dev.setpoint.workflows;

import dev.setpoint.orchestrator.report.ResourceResult;
import dev.setpoint.orchestrator.report.ResourceStatus;
import dev.setpoint.orchestrator.report.RunMode;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/** The workflow's current details in the Temporal UI: counts, then a table of resources. */
final class ProgressTable {

  private ProgressTable() {}

  static String markdown(RunMode mode, String revision, Collection<ResourceResult> results) {
    Map<ResourceStatus, Integer> counts = new EnumMap<>(ResourceStatus.class);
    results.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
    StringBuilder text = new StringBuilder();
    text.append("**")
        .append(mode.reportName())
        .append("** at `")
        .append(revision == null ? "?" : revision.substring(0, Math.min(7, revision.length())))
        .append("`: ");
    counts.forEach(
        (status, count) -> text.append(count).append(' ').append(status.reportName()).append("  "));
    text.append("\n\n| resource | type | action | status | note |\n|---|---|---|---|---|\n");
    for (ResourceResult result : results) {
      String note =
          result.error() != null
              ? result.error()
              : result.blockedBy().isEmpty()
                  ? ""
                  : "blocked by " + String.join(", ", result.blockedBy());
      text.append("| ")
          .append(result.name())
          .append(" | ")
          .append(result.type())
          .append(" | ")
          .append(result.action().reportName())
          .append(" | ")
          .append(result.status().reportName())
          .append(" | ")
          .append(note.replace("|", "\\|"))
          .append(" |\n");
    }
    return text.toString();
  }
}
