package dev.setpoint.provider.terraform;

import java.util.List;

/**
 * A terraform command that failed. Its message is one line: the command, the exit code, and a
 * summary built from the {@code -json} error diagnostics (or, for a command that cannot emit JSON,
 * stderr's error line); the stderr tail is kept apart for {@code --debug}.
 */
public final class TerraformException extends RuntimeException {

  private final String command;
  private final int exitCode;
  private final List<TerraformCli.Diagnostic> diagnostics;
  private final String stderrTail;

  TerraformException(
      String command,
      int exitCode,
      List<TerraformCli.Diagnostic> diagnostics,
      String stderrTail,
      TerraformCli.ErrorOutput errors) {
    super(
        TerraformCli.summarize(command, exitCode, diagnostics, stderrTail, errors),
        stderrTail == null || stderrTail.isBlank() ? null : new StderrTail(command, stderrTail));
    this.command = command;
    this.exitCode = exitCode;
    this.diagnostics = List.copyOf(diagnostics);
    this.stderrTail = stderrTail == null ? "" : stderrTail;
  }

  /** The subcommand, as {@code plan}. */
  public String command() {
    return command;
  }

  public int exitCode() {
    return exitCode;
  }

  /** The error diagnostics Terraform reported, in order; may be empty. */
  public List<TerraformCli.Diagnostic> diagnostics() {
    return diagnostics;
  }

  /** The last lines of stderr, for {@code --debug}. */
  public String stderrTail() {
    return stderrTail;
  }

  /**
   * The stderr tail as this failure's cause: a failed step's cause chain is what {@code setpoint
   * --debug} prints (Temporal logs the failed activity with it), while the one-line message alone
   * reaches the report.
   */
  public static final class StderrTail extends RuntimeException {
    StderrTail(String command, String tail) {
      super("terraform " + command + " stderr (last lines):\n" + tail.strip(), null, false, false);
    }
  }

  /** Whether Terraform refused a saved plan because the state changed since it was made. */
  public boolean stalePlan() {
    return diagnostics.stream().anyMatch(d -> "Saved plan is stale".equals(d.summary()));
  }

  /** Whether the state lock was held by another run. */
  public boolean lockHeld() {
    return diagnostics.stream()
        .anyMatch(
            d -> d.summary() != null && d.summary().startsWith("Error acquiring the state lock"));
  }
}
