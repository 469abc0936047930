package dev.setpoint.workflows;

import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import java.util.List;

/**
 * A valid definition, and what else the workflow needs to know from the worker.
 *
 * @param definition the whole definition; for a partitioned run, the definition without resources
 * @param warnings what a person should know but that does not stop the run
 * @param partitions how a definition too large for one workflow is cut, or null
 */
public record LoadedDefinition(
    EnvironmentDefinition definition, List<String> warnings, Partitioning partitions) {

  public LoadedDefinition {
    warnings = List.copyOf(warnings);
  }

  public LoadedDefinition(EnvironmentDefinition definition, List<String> warnings) {
    this(definition, warnings, null);
  }
}
