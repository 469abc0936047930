package dev.setpoint.workflows.controller;

import dev.setpoint.workflows.EnvironmentSource;

/**
 * What a controller run starts with.
 *
 * @param source the repository, path and branch it follows (no revision: it follows the head)
 * @param settings how its children run, and the test hook for continue-as-new
 * @param state what an earlier run of the same controller knew, or null for a new controller
 */
public record ControllerRequest(
    EnvironmentSource source, ControllerSettings settings, ControllerState state) {

  public ControllerRequest {
    settings = settings == null ? ControllerSettings.defaults() : settings;
    state = state == null ? ControllerState.initial() : state;
  }
}
