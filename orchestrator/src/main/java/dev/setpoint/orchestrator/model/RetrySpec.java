package dev.setpoint.orchestrator.model;

import java.time.Duration;

/**
 * A retry policy as the definition states it; a null field means "the provider's default".
 *
 * @param maxAttempts at most this many attempts, the first included
 */
public record RetrySpec(
    Integer maxAttempts,
    Duration initialInterval,
    Duration maximumInterval,
    Double backoffCoefficient) {

  /** Fields set here win; the others come from {@code fallback}. */
  public RetrySpec orElse(RetrySpec fallback) {
    if (fallback == null) {
      return this;
    }
    return new RetrySpec(
        maxAttempts != null ? maxAttempts : fallback.maxAttempts,
        initialInterval != null ? initialInterval : fallback.initialInterval,
        maximumInterval != null ? maximumInterval : fallback.maximumInterval,
        backoffCoefficient != null ? backoffCoefficient : fallback.backoffCoefficient);
  }
}
