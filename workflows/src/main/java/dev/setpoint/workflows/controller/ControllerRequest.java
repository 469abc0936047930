package dev.setpoint.workflows.controller;

import dev.setpoint.workflows.EnvironmentSource;
import dev.setpoint.workflows.TrustLists;

/**
 * What a controller run starts with.
 *
 * @param source the repository, path and branch it follows (no revision: it follows the head)
 * @param settings how its children run, and the test hook for continue-as-new
 * @param state what an earlier run of the same controller knew, or null for a new controller
 * @param trust the signers whose commits it may apply (with its workers' own lists)
 */
public record ControllerRequest(
    EnvironmentSource source,
    ControllerSettings settings,
    ControllerState state,
    TrustLists trust) {

  public ControllerRequest {
    settings = settings == null ? ControllerSettings.defaults() : settings;
    state = state == null ? ControllerState.initial() : state;
    trust = trust == null ? TrustLists.NONE : trust;
  }

  /** A controller whose starter lists no signers (its workers' own lists still apply). */
  public ControllerRequest(
      EnvironmentSource source, ControllerSettings settings, ControllerState state) {
    this(source, settings, state, TrustLists.NONE);
  }
}
