package dev.setpoint.orchestrator.load;

import dev.setpoint.orchestrator.model.SourceLocation;

/**
 * One finding about a definition, printed as {@code PATH:LINE:COLUMN: error: MESSAGE}.
 *
 * @param location where it is, or null when it concerns no place in a file
 */
public record Diagnostic(Severity severity, SourceLocation location, String message) {

  /** Errors stop a run; warnings are printed and the run goes on. */
  public enum Severity {
    ERROR,
    WARNING;

    String label() {
      return this == ERROR ? "error" : "warning";
    }
  }

  @Override
  public String toString() {
    String text = severity.label() + ": " + message;
    return location == null ? text : location + ": " + text;
  }
}
