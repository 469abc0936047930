package dev.setpoint.orchestrator.testing;

import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.model.RetrySpec;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.Provider;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ResourceHandler;
import java.time.Duration;
import java.util.List;

/**
 * The provider of {@link TestSchema}'s types, registered for {@link java.util.ServiceLoader} in the
 * test resources; its handlers do nothing, since registry tests only look them up.
 */
public class TestProvider implements Provider {

  private final String name;
  private final List<ResourceHandler> handlers;
  private int closed;

  public TestProvider() {
    this("test", List.of(new StubHandler("test:net/Network"), new StubHandler("test:net/Subnet")));
  }

  public TestProvider(String name, List<ResourceHandler> handlers) {
    this.name = name;
    this.handlers = List.copyOf(handlers);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<ResourceHandler> handlers() {
    return handlers;
  }

  @Override
  public List<ManagedResource> listManaged(String environment, ProviderContext context) {
    return List.of();
  }

  @Override
  public RetrySpec defaultRetry() {
    return new RetrySpec(3, Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0);
  }

  @Override
  public void close() {
    closed++;
  }

  /** How many times {@link #close()} ran. */
  public int timesClosed() {
    return closed;
  }

  /** A handler that only knows its type. */
  public record StubHandler(String type) implements ResourceHandler {

    @Override
    public Observation observe(ResourceSpec spec, ProviderContext context) {
      return Observation.absent();
    }

    @Override
    public Plan diff(ResourceSpec spec, Observation observation) {
      return Plan.none();
    }

    @Override
    public Outputs apply(ResourceSpec spec, Plan plan, ProviderContext context) {
      return Outputs.none();
    }

    @Override
    public void delete(ManagedResource resource, ProviderContext context) {}
  }
}
