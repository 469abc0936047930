package dev.setpoint.orchestrator.model;

/** A {@code ${...}} that does not follow the reference grammar. */
public final class TemplateSyntaxException extends Exception {

  private final int offset;

  public TemplateSyntaxException(String message, int offset) {
    super(message);
    this.offset = offset;
  }

  /** 0-based offset of the offending {@code $} in the string. */
  public int offset() {
    return offset;
  }
}
