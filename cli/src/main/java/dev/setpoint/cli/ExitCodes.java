package dev.setpoint.cli;

/** Exit codes of SPEC §3. */
public final class ExitCodes {

  /** Valid, in sync, succeeded. */
  public static final int OK = 0;

  /** Invalid, failed, or an error. */
  public static final int ERROR = 1;

  /** {@code plan}: changes to make; {@code drift}: drift found and left in place. */
  public static final int CHANGES = 2;

  private ExitCodes() {}
}
