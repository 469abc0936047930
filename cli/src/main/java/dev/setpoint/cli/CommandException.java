package dev.setpoint.cli;

/**
 * A failure whose message already says what went wrong and what to do, printed as one {@code
 * error:} line without the "unexpected error" hint.
 */
final class CommandException extends RuntimeException {

  CommandException(String message) {
    super(message);
  }

  CommandException(String message, Throwable cause) {
    super(message, cause);
  }
}
