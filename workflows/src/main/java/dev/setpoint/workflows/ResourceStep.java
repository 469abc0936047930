package dev.setpoint.workflows;

import dev.setpoint.orchestrator.model.ProviderSettings;
import dev.setpoint.orchestrator.model.ResourceSpec;

/** One resource, its references resolved, and what a worker needs to reach its files and target. */
public record ResourceStep(
    String environment,
    EnvironmentSource source,
    String commitId,
    ResourceSpec spec,
    ProviderSettings providerSettings) {}
