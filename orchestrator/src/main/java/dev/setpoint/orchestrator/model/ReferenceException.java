package dev.setpoint.orchestrator.model;

/** A reference that cannot be resolved against the values it names. */
public final class ReferenceException extends RuntimeException {

  public ReferenceException(String message) {
    super(message);
  }
}
