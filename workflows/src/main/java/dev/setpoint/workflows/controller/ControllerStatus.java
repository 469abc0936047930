package dev.setpoint.workflows.controller;

import java.util.List;

/**
 * What the {@code status} query answers: the controller's state, the run in flight, and what is
 * blocked and why, in sentences a person can act on.
 *
 * @param workflowId the controller's workflow ID
 * @param repository what it follows
 * @param path the environment in the repository
 * @param ref the branch, or null for HEAD
 * @param state everything it knows
 * @param running the run under way, or null
 * @param blocked what keeps the environment from being at its head, one line each
 * @param stopping whether it was asked to stop
 */
public record ControllerStatus(
    String workflowId,
    String repository,
    String path,
    String ref,
    ControllerState state,
    ControllerRun running,
    List<String> blocked,
    boolean stopping) {

  public ControllerStatus {
    blocked = blocked == null ? List.of() : List.copyOf(blocked);
  }
}
