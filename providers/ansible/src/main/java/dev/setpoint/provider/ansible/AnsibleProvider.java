package dev.setpoint.provider.ansible;

import dev.setpoint.orchestrator.model.RetrySpec;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Provider;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ResourceHandler;
import java.time.Duration;
import java.util.List;

/**
 * The {@code ansible} provider: one resource type, {@code ansible:Playbook}. It lists nothing as
 * managed: what a playbook did to its hosts carries no mark Setpoint could find, and deleting a
 * playbook undoes nothing, so prune has nothing to remove.
 */
public final class AnsibleProvider implements Provider {

  private final AnsiblePlaybookHandler playbook = new AnsiblePlaybookHandler();

  @Override
  public String name() {
    return AnsibleSchema.PROVIDER;
  }

  @Override
  public List<ResourceHandler> handlers() {
    return List.of(playbook);
  }

  @Override
  public List<ManagedResource> listManaged(String environment, ProviderContext context) {
    return List.of();
  }

  /** Playbook runs are long; an unreachable host is worth a few spaced tries, little else is. */
  @Override
  public RetrySpec defaultRetry() {
    return new RetrySpec(3, Duration.ofSeconds(10), Duration.ofMinutes(2), 2.0);
  }
}
