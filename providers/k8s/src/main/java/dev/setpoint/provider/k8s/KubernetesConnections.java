package dev.setpoint.provider.k8s;

import dev.setpoint.orchestrator.model.ProviderSettings;
import dev.setpoint.orchestrator.provider.ProviderException;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One client per kubeconfig context, made on first use and shared by every step of the worker. The
 * connection comes from the runtime, never from Git: {@code KUBECONFIG} (or fabric8's {@code
 * kubeconfig} system property, or {@code ~/.kube/config}) and its current context or {@code
 * providers.kubernetes.context}; with no kubeconfig, the in-cluster service account.
 */
final class KubernetesConnections implements AutoCloseable {

  private final Function<String, String> environment;
  private final Map<String, Connection> clients = new ConcurrentHashMap<>();

  /** A client and what it found out about the API server. */
  record Connection(KubernetesClient client, ApiResources resources, String defaultNamespace) {}

  KubernetesConnections(Function<String, String> environment) {
    this.environment = environment;
  }

  Connection connect(ProviderSettings settings) {
    Object context = settings.settings().get("context");
    String name = context instanceof String text && !text.isBlank() ? text : null;
    return clients.computeIfAbsent(name == null ? "" : name, key -> open(name));
  }

  private Connection open(String context) {
    Config config = config(context);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    String namespace = config.getNamespace() == null ? "default" : config.getNamespace();
    return new Connection(client, new ApiResources(client), namespace);
  }

  private Config config(String context) {
    Optional<Path> kubeconfig = kubeconfig();
    if (kubeconfig.isPresent()) {
      File file = kubeconfig.get().toFile();
      Config config;
      try {
        config = Config.fromKubeconfig(context, file);
      } catch (RuntimeException unreadable) {
        throw ProviderException.invalid(
            "cannot read the kubeconfig " + file + ": " + unreadable.getMessage(), unreadable);
      }
      NamedContext current = config.getCurrentContext();
      if (context != null && (current == null || !context.equals(current.getName()))) {
        throw ProviderException.invalid(
            "kubeconfig "
                + file
                + " has no context \""
                + context
                + "\" (providers.kubernetes.context): add it, or point KUBECONFIG at one that"
                + " has it");
      }
      return config;
    }
    if (environment.apply("KUBERNETES_SERVICE_HOST") != null) {
      if (context != null) {
        throw ProviderException.invalid(
            "providers.kubernetes.context is \""
                + context
                + "\" but this worker runs in-cluster with no kubeconfig: unset the context, or"
                + " give the worker a KUBECONFIG");
      }
      return Config.autoConfigure(null);
    }
    throw ProviderException.invalid(
        "no Kubernetes connection: set KUBECONFIG to a kubeconfig file (or create ~/.kube/config),"
            + " or run the worker inside a cluster with a service account");
  }

  /** The kubeconfig file, as fabric8 looks for it: system property, variable, home folder. */
  private Optional<Path> kubeconfig() {
    String configured = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE);
    if (configured == null) {
      configured = environment.apply("KUBECONFIG");
    }
    if (configured != null && !configured.isBlank()) {
      // KUBECONFIG may list several files; like fabric8, the first one is read.
      String first = configured.split(File.pathSeparator)[0];
      Path path = Path.of(first);
      if (!Files.isRegularFile(path)) {
        throw ProviderException.invalid(
            "KUBECONFIG names " + first + ", which is not a file: fix the variable or create it");
      }
      return Optional.of(path);
    }
    String home = environment.apply("HOME");
    if (home == null) {
      home = System.getProperty("user.home");
    }
    Path fallback = Path.of(home, ".kube", "config");
    return Files.isRegularFile(fallback) ? Optional.of(fallback) : Optional.empty();
  }

  @Override
  public void close() {
    clients.values().forEach(connection -> connection.client().close());
    clients.clear();
  }
}
