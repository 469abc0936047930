package dev.setpoint.workflows;

import dev.setpoint.orchestrator.model.ProviderSettings;
import dev.setpoint.orchestrator.provider.ManagedResource;

/** One managed resource to delete, and its provider's settings. */
public record DeleteStep(ManagedResource resource, ProviderSettings providerSettings) {}
