package dev.setpoint.provider.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.setpoint.orchestrator.model.ProviderSettings;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ProviderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code providers.kubernetes.context} picks the kubeconfig context: here the current one points at
 * a closed port, and only the named one at the in-memory API.
 */
class KubernetesConnectionsTest extends KubernetesTestSupport {

  static final String DEAD = "http://127.0.0.1:1";

  Path twoContexts() throws IOException {
    Path file = work.resolve("two-contexts");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: live
          cluster: {server: %s}
        - name: gone
          cluster: {server: %s}
        users:
        - name: someone
          user: {token: sandbox}
        contexts:
        - name: sandbox
          context: {cluster: live, user: someone, namespace: team}
        - name: dead
          context: {cluster: gone, user: someone}
        current-context: dead
        """
            .formatted(sandbox.url(), DEAD));
    return file;
  }

  static ProviderSettings settings(Map<String, Object> values) {
    return new ProviderSettings("kubernetes", values, null, null);
  }

  ProviderContext contextWith(ProviderSettings settings) {
    return new ProviderContext(
        ENV,
        null,
        settings,
        tree("k8s/map.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: chosen}\n"),
        work.resolve("work"),
        null,
        true);
  }

  @Test
  void theNamedContextIsUsedInsteadOfTheCurrentOne() throws IOException {
    Path kubeconfig = twoContexts();
    try (KubernetesConnections connections =
            new KubernetesConnections(Map.of("KUBECONFIG", kubeconfig.toString())::get);
        KubernetesProvider named =
            new KubernetesProvider(
                Map.of("KUBECONFIG", kubeconfig.toString())::get,
                java.time.Duration.ofMillis(50))) {
      var current = connections.connect(settings(Map.of()));
      var chosen = connections.connect(settings(Map.of("context", "sandbox")));

      assertThat(current.client().getMasterUrl().toString()).startsWith(DEAD);
      assertThat(chosen.client().getMasterUrl().toString()).startsWith(sandbox.url());
      assertThat(chosen.defaultNamespace()).isEqualTo("team");

      ManifestsHandler handler = (ManifestsHandler) named.handlers().get(0);
      ProviderContext context = contextWith(settings(Map.of("context", "sandbox")));
      var spec = spec("map", props("path", "k8s"));
      var observation = handler.observe(spec, context);
      handler.apply(spec, handler.diff(spec, observation), context);
    }

    // The context's namespace, since the resource names none.
    assertThat(client.configMaps().inNamespace("team").withName("chosen").get()).isNotNull();
  }

  @Test
  void aContextTheKubeconfigLacksIsAOneLineErrorThatSaysWhatToDo() throws IOException {
    Path kubeconfig = twoContexts();
    try (KubernetesConnections connections =
        new KubernetesConnections(Map.of("KUBECONFIG", kubeconfig.toString())::get)) {

      assertThatThrownBy(() -> connections.connect(settings(Map.of("context", "staging"))))
          .isInstanceOf(ProviderException.class)
          .hasMessage(
              "kubeconfig "
                  + kubeconfig
                  + " has no context \"staging\" (providers.kubernetes.context): add it, or point"
                  + " KUBECONFIG at one that has it")
          .satisfies(e -> assertThat(((ProviderException) e).retryable()).isFalse());
    }
  }
}
