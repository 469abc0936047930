package dev.setpoint.workflows;

import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import java.util.List;

/**
 * A valid definition, and what else the workflow needs to know from the worker.
 *
 * @param warnings what a person should know but that does not stop the run
 */
public record LoadedDefinition(EnvironmentDefinition definition, List<String> warnings) {

  public LoadedDefinition {
    warnings = List.copyOf(warnings);
  }
}
