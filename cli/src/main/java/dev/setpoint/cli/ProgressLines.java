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
 * + net (aws:ec2/Vpc) create ... succeeded}. Resources not reached yet print nothing. On a terminal
 * each line also says how long the run has taken, and the status is coloured unless {@code
 * NO_COLOR} is set; piped output stays plain, for scripts and logs.
 */
final class ProgressLines {

  private static final String RESET = "\u001b[0m";

  private final PrintWriter out;
  private final boolean terminal;
  private final boolean colour;
  private final long startedAt = System.nanoTime();
  private final Map<String, String> shown = new HashMap<>();

  ProgressLines(PrintWriter out) {
    this(out, System.console() != null, System.console() != null && noColorUnset());
  }

  ProgressLines(PrintWriter out, boolean terminal, boolean colour) {
    this.out = out;
    this.terminal = terminal;
    this.colour = colour;
  }

  /** https://no-color.org: any non-empty NO_COLOR turns colours off. */
  private static boolean noColorUnset() {
    String noColor = System.getenv("NO_COLOR");
    return noColor == null || noColor.isEmpty();
  }

  void show(RunReport report) {
    for (ResourceResult result : report.resources()) {
      if (notReachedYet(result)) {
        continue;
      }
      String line = line(result);
      if (!line.equals(shown.put(result.name(), line))) {
        out.println(terminal ? decorated(line, result.status()) : line);
      }
    }
    out.flush();
  }

  /** The line with the run's elapsed time, and its status coloured when colours are on. */
  String decorated(String line, ResourceStatus status) {
    long seconds = (System.nanoTime() - startedAt) / 1_000_000_000L;
    String elapsed = String.format("[%3ds] ", seconds);
    if (!colour) {
      return elapsed + line;
    }
    String code =
        switch (status) {
          case SUCCEEDED -> "\u001b[32m";
          case FAILED -> "\u001b[31m";
          case SKIPPED -> "\u001b[33m";
          default -> "\u001b[36m";
        };
    int at = line.lastIndexOf(" ... ") + " ... ".length();
    return elapsed + line.substring(0, at) + code + line.substring(at) + RESET;
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
