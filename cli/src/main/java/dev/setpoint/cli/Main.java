package dev.setpoint.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.setpoint.orchestrator.git.GitSourceException;
import dev.setpoint.orchestrator.git.PathOutsideRepositoryException;
import dev.setpoint.orchestrator.report.ExitCodes;
import java.io.PrintWriter;
import java.util.Arrays;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** The {@code setpoint} executable. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs one command and returns its exit code; tests call this with their own writers. Unexpected
   * failures become one line on {@code err} unless {@code --debug} asks for the trace.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    boolean debug = Arrays.asList(args).contains("--debug");
    Logger temporal =
        LoggerFactory.getLogger("io.temporal") instanceof Logger logback ? logback : null;
    Level quiet = temporal == null ? null : temporal.getLevel();
    if (debug && temporal != null) {
      // Temporal's own warnings (failed activities with their traces), quiet unless debugging
      temporal.setLevel(Level.WARN);
    }
    try {
      return execute(args, out, err, debug);
    } finally {
      // the level is the JVM's: a --debug run must not leave it raised for the next run in it
      if (debug && temporal != null) {
        temporal.setLevel(quiet);
      }
    }
  }

  private static int execute(String[] args, PrintWriter out, PrintWriter err, boolean debug) {
    CommandLine commandLine = new CommandLine(new SetpointCommand(out, err));
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(
        (exception, command, parseResult) -> {
          err.println("error: " + oneLine(exception));
          if (debug) {
            exception.printStackTrace(err);
          } else if (!isUserError(exception)) {
            err.println("(an unexpected error: run with --debug for details)");
          }
          return ExitCodes.ERROR;
        });
    int code = commandLine.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Errors whose message already says what to do; anything else may be a bug. */
  private static boolean isUserError(Throwable exception) {
    return exception instanceof CommandException
        || exception instanceof GitSourceException
        || exception instanceof PathOutsideRepositoryException
        || exception instanceof IllegalArgumentException;
  }

  /** The message a person can act on; the class name only when there is no message. */
  static String oneLine(Throwable exception) {
    String message = exception.getMessage();
    if (message == null || message.isBlank()) {
      return exception.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
