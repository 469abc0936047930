package dev.setpoint.workflows;

import dev.setpoint.orchestrator.model.RetrySpec;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Provider;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ResourceHandler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The workflows module's {@link InMemoryProvider} as the CLI's tests see it: found by ServiceLoader
 * (every CLI command makes its own registry), with one "cloud" shared by every instance, so that
 * what one command applies the next one observes. Lives in this package to reach the in-memory
 * provider's knobs without widening them.
 */
public final class SharedCloudProvider implements Provider {

  private static volatile InMemoryProvider cloud = new InMemoryProvider();

  private final InMemoryProvider delegate = cloud;

  /** Empties the cloud and forgets every failure and delay a test asked for. */
  public static void reset() {
    cloud = new InMemoryProvider();
  }

  /** What lives in the cloud: resource name to its properties, sorted by name. */
  public static Map<String, Map<String, Object>> live() {
    Map<String, Map<String, Object>> live = new TreeMap<>();
    cloud.live.forEach((name, thing) -> live.put(name, thing.properties()));
    return live;
  }

  /** A change made by hand, outside Setpoint: drift. */
  public static void editByHand(String resource, String property, Object value) {
    InMemoryProvider.Live thing = cloud.live.get(resource);
    Map<String, Object> properties = new LinkedHashMap<>(thing.properties());
    properties.put(property, value);
    cloud.live.put(
        resource,
        new InMemoryProvider.Live(
            thing.environment(),
            thing.name(),
            thing.type(),
            thing.id(),
            properties,
            thing.attributes()));
  }

  /** Every apply of this resource fails with this message, not retried. */
  public static void failApplyOf(String resource, String message) {
    cloud.failInvalid.put(resource, message);
  }

  /** Every apply of this resource takes this long. */
  public static void slowApplyOf(String resource, Duration delay) {
    cloud.applyDelay.put(resource, delay);
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public List<ResourceHandler> handlers() {
    return delegate.handlers();
  }

  @Override
  public List<ManagedResource> listManaged(String environment, ProviderContext context) {
    return delegate.listManaged(environment, context);
  }

  @Override
  public RetrySpec defaultRetry() {
    return delegate.defaultRetry();
  }
}
