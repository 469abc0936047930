package dev.setpoint.workflows;

import dev.setpoint.orchestrator.model.ProviderSettings;

/** One provider of one environment, for what spans the provider's types. */
public record ProviderStep(String environment, ProviderSettings providerSettings) {}
