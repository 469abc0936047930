package dev.setpoint.workflows.controller;

import dev.setpoint.workflows.RunSettings;

/**
 * How a controller runs, besides what the environment's {@code sync} says.
 *
 * @param run the settings of every child run
 * @param continueAsNewAfter continue as new after this many loop turns even when Temporal does not
 *     suggest it yet (0: only when suggested); tests set it to see the state carried over
 */
public record ControllerSettings(RunSettings run, int continueAsNewAfter) {

  public ControllerSettings {
    run = run == null ? RunSettings.defaults() : run;
  }

  public static ControllerSettings defaults() {
    return new ControllerSettings(RunSettings.defaults(), 0);
  }
}
