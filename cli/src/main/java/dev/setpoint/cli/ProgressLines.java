package dev.setpoint.cli;

import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.report.ResourceResult;
import dev.setpoint.orchestrator.report.ResourceStatus;
import dev.setpoint.orchestrator.report.RunReport;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * Text-mode progress: one line per resource each time what the run says about it changes, as {@code
 * + net (aws:ec2/Vpc) create ... succeeded}. Resources not reached yet print nothing.
 */
final class ProgressLines {

  private final PrintWriter out;
  private final Map<String, String> shown = new HashMap<>();

  ProgressLines(PrintWriter out) {
    this.out = out;
  }

  void show(RunReport report) {
    for (ResourceResult result : report.resources()) {
      if (notReachedYet(result)) {
        continue;
      }
      String line = line(result);
      if (!line.equals(shown.put(result.name(), line))) {
        out.println(line);
      }
    }
    out.flush();
  }

  /** The workflow lists every resource up front as pending with nothing done. */
  static boolean notReachedYet(ResourceResult result) {
    return result.status() == ResourceStatus.PENDING
        && result.action() == Plan.Action.NONE
        && result.attempts() == 0;
  }

  static String line(ResourceResult result) {
    StringBuilder line =
        new StringBuilder("  ")
            .append(symbol(result.action()))
            .append(' ')
            .append(result.name())
            .append(" (")
            .append(result.type())
            .append(") ")
            .append(result.action().reportName())
            .append(" ... ")
            .append(result.status().reportName());
    if (result.drifted()) {
      line.append(" (drifted)");
    }
    if (result.status() == ResourceStatus.FAILED && result.error() != null) {
      line.append(": ").append(result.error().strip().replaceAll("\\s*\\R\\s*", " "));
    }
    if (result.status() == ResourceStatus.SKIPPED && !result.blockedBy().isEmpty()) {
      line.append(": blocked by ").append(String.join(", ", result.blockedBy()));
    }
    return line.toString();
  }

  private static String symbol(Plan.Action action) {
    return switch (action) {
      case CREATE -> "+";
      case UPDATE -> "~";
      case REPLACE -> "-/+";
      case DELETE -> "-";
      case NONE -> "=";
    };
  }
}
