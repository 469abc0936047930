package dev.setpoint.orchestrator.provider;

/**
 * Whether a resource that exists is also healthy enough for its dependents (a rollout finished).
 *
 * @param message one line for people: what it waits for, as {@code deployment app/web: 1 of 3
 *     replicas available}
 */
public record Readiness(boolean ready, String message) {

  public static final Readiness READY = new Readiness(true, "ready");

  public Readiness {
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("readiness says what it is or waits for");
    }
  }

  public static Readiness notReady(String message) {
    return new Readiness(false, message);
  }
}
