package dev.setpoint.orchestrator.provider;

import dev.setpoint.orchestrator.model.RetrySpec;
import java.util.List;

/**
 * One provider module (aws, kubernetes, terraform, ansible): its handlers and what spans them.
 * Registered in {@code META-INF/services/dev.setpoint.orchestrator.provider.Provider} with a public
 * no-argument constructor; a worker process makes one instance through {@link ProviderRegistry},
 * shares it among concurrent activities (so it is thread-safe), and closes it at shutdown.
 */
public interface Provider extends AutoCloseable {

  /** The prefix of this provider's types: {@code aws} in {@code aws:ec2/Vpc}. */
  String name();

  /** One handler per resource type, each of a type starting with {@code name() + ":"}. */
  List<ResourceHandler> handlers();

  /**
   * Every live resource this provider finds with the identity marks of {@code environment}, one
   * entry per Setpoint resource, whatever its type; prune deletes those that have left Git. It
   * never mutates anything.
   */
  List<ManagedResource> listManaged(String environment, ProviderContext context);

  /**
   * How this provider's steps are retried when neither the resource nor {@code
   * spec.providers.<name>.retry} says otherwise; every field is set.
   */
  RetrySpec defaultRetry();

  /** Releases clients and connection pools; called once, when the worker stops. */
  @Override
  default void close() {}
}
