package dev.setpoint.provider.k8s;

import dev.setpoint.orchestrator.model.RetrySpec;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Provider;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ResourceHandler;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The Kubernetes provider: {@code kubernetes:Manifests} on the fabric8 client, one client per
 * kubeconfig context, shared by the worker's steps and closed with it.
 */
public final class KubernetesProvider implements Provider {

  /** How often rollouts and CRDs are polled while {@code wait} waits. */
  static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

  private final KubernetesConnections connections;
  private final ManifestsHandler manifests;

  /** Reads {@code KUBECONFIG} (and the in-cluster variables) from the process environment. */
  public KubernetesProvider() {
    this(System::getenv, POLL_INTERVAL);
  }

  /**
   * @param environment where {@code KUBECONFIG}, {@code HOME} and {@code KUBERNETES_SERVICE_HOST}
   *     are read
   * @param pollInterval how often waits poll the API server
   */
  public KubernetesProvider(Function<String, String> environment, Duration pollInterval) {
    this.connections = new KubernetesConnections(environment);
    this.manifests = new ManifestsHandler(connections, pollInterval);
  }

  @Override
  public String name() {
    return KubernetesSchema.PROVIDER;
  }

  @Override
  public List<ResourceHandler> handlers() {
    return List.of(manifests);
  }

  @Override
  public List<ManagedResource> listManaged(String environment, ProviderContext context) {
    return manifests.listManaged(environment, context);
  }

  /** API calls are quick and mostly fail for passing reasons: several close retries. */
  @Override
  public RetrySpec defaultRetry() {
    return new RetrySpec(6, Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0);
  }

  @Override
  public void close() {
    connections.close();
  }
}
