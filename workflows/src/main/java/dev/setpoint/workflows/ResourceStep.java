package dev.setpoint.workflows;

import dev.setpoint.orchestrator.model.ProviderSettings;
import dev.setpoint.orchestrator.model.ResourceSpec;

/** One resource, its references resolved, and what a worker needs to reach its files and target. */
public record ResourceStep(
    String environment,
    EnvironmentSource source,
    String commitId,
    ResourceSpec spec,
    ProviderSettings providerSettings,
    Boolean prune) {

  /**
   * {@code prune}: the environment's {@code policy.prune}; null (a step recorded before it existed)
   * means the default, true.
   */
  public ResourceStep {
    prune = prune == null || prune;
  }

  public ResourceStep(
      String environment,
      EnvironmentSource source,
      String commitId,
      ResourceSpec spec,
      ProviderSettings providerSettings) {
    this(environment, source, commitId, spec, providerSettings, true);
  }
}
