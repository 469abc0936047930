package dev.setpoint.orchestrator.provider;

/**
 * Where a handler reports progress during a long step (a Terraform apply, a rollout wait). The
 * workflows module turns each call into an activity heartbeat, so a handler that calls it at least
 * every few seconds is known to be alive.
 *
 * <p>When the run is cancelled the call may throw an unchecked exception; the handler stops its
 * work (kills its subprocess) and lets the exception propagate.
 */
@FunctionalInterface
public interface ProgressListener {

  /** Ignores progress, for tests and for steps outside an activity. */
  ProgressListener NONE = detail -> {};

  /**
   * Records that the step is alive and what it is doing now.
   *
   * @param detail one line for people, such as {@code terraform apply: 3 of 7 resources}
   */
  void progress(String detail);
}
