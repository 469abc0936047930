package dev.setpoint.orchestrator.provider;

import dev.setpoint.orchestrator.load.Suggestions;
import dev.setpoint.orchestrator.model.ResourceType;
import dev.setpoint.orchestrator.model.RetrySpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The providers of one worker process and their handlers by type. Make one per process: {@link
 * #load()} creates every provider on the class path, and {@link #close()} closes them.
 */
public final class ProviderRegistry implements AutoCloseable {

  private final Map<String, Provider> providers = new LinkedHashMap<>();
  private final Map<String, ResourceHandler> handlers = new LinkedHashMap<>();

  private ProviderRegistry(Iterable<? extends Provider> found) {
    for (Provider provider : found) {
      if (providers.putIfAbsent(provider.name(), provider) != null) {
        throw new IllegalStateException("two providers named " + provider.name());
      }
      requireCompleteRetry(provider);
      for (ResourceHandler handler : provider.handlers()) {
        if (!handler.type().startsWith(provider.name() + ":")) {
          throw new IllegalStateException(
              "provider " + provider.name() + " registers a handler for " + handler.type());
        }
        if (handlers.putIfAbsent(handler.type(), handler) != null) {
          throw new IllegalStateException("two handlers for type " + handler.type());
        }
      }
    }
  }

  /** The workflow builds every retry policy on top of the default, so the default sets it all. */
  private static void requireCompleteRetry(Provider provider) {
    RetrySpec retry = provider.defaultRetry();
    if (retry == null
        || retry.maxAttempts() == null
        || retry.initialInterval() == null
        || retry.maximumInterval() == null
        || retry.backoffCoefficient() == null) {
      throw new IllegalStateException(
          "provider " + provider.name() + " has an incomplete default retry policy: " + retry);
    }
  }

  /** Creates every provider registered on the class path through {@link ServiceLoader}. */
  public static ProviderRegistry load() {
    return new ProviderRegistry(ServiceLoader.load(Provider.class));
  }

  public static ProviderRegistry of(Provider... providers) {
    return new ProviderRegistry(List.of(providers));
  }

  /**
   * The handler of a type.
   *
   * @throws ProviderException of kind {@link ProviderException.Kind#INVALID} naming the providers
   *     this process has, when none handles the type
   */
  public ResourceHandler handler(String type) {
    ResourceHandler handler = handlers.get(type);
    if (handler != null) {
      return handler;
    }
    String provider = ResourceType.providerOf(type);
    if (providers.containsKey(provider)) {
      throw ProviderException.invalid(
          "provider "
              + provider
              + " has no resource type \""
              + type
              + "\""
              + Suggestions.didYouMean(type, handlers.keySet()));
    }
    throw ProviderException.invalid(
        "no provider \""
            + provider
            + "\" in this process for type \""
            + type
            + "\" (providers here: "
            + (providers.isEmpty() ? "none" : String.join(", ", providers.keySet()))
            + "); run a worker that has it");
  }

  public Optional<Provider> provider(String name) {
    return Optional.ofNullable(providers.get(name));
  }

  public Collection<Provider> providers() {
    return Collections.unmodifiableCollection(providers.values());
  }

  public Collection<String> types() {
    return Collections.unmodifiableCollection(handlers.keySet());
  }

  /**
   * Closes every provider, each even when another fails to close.
   *
   * @throws IllegalStateException after all are closed, when any failed, with the others suppressed
   */
  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (Provider provider : providers.values()) {
      try {
        provider.close();
      } catch (RuntimeException failure) {
        failures.add(failure);
      }
    }
    if (!failures.isEmpty()) {
      IllegalStateException closing =
          new IllegalStateException("could not close provider(s)", failures.get(0));
      failures.subList(1, failures.size()).forEach(closing::addSuppressed);
      throw closing;
    }
  }
}
