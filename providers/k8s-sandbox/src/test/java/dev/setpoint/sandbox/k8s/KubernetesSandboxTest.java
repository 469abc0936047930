package dev.setpoint.sandbox.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesSandboxTest {

  @TempDir Path dir;

  KubernetesSandbox sandbox;
  KubernetesClient client;

  @BeforeEach
  void start() {
    sandbox = KubernetesSandbox.start();
    Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("kubeconfig"));
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(null, kubeconfig.toFile()))
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    sandbox.close();
  }

  private ConfigMap apply(String manager, Map<String, String> data) {
    ConfigMap map =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("settings")
            .withNamespace("app")
            .endMetadata()
            .withData(data)
            .build();
    return client
        .configMaps()
        .inNamespace("app")
        .resource(map)
        .fieldManager(manager)
        .forceConflicts()
        .serverSideApply();
  }

  @Test
  void applyCreatesThenMergesAndDropsWhatTheManagerNoLongerApplies() {
    apply("setpoint", Map.of("a", "1", "b", "2"));
    client
        .configMaps()
        .inNamespace("app")
        .withName("settings")
        .edit(map -> new ConfigMapBuilder(map).addToData("byHand", "x").build());

    apply("setpoint", Map.of("a", "10"));

    ConfigMap live = client.configMaps().inNamespace("app").withName("settings").get();
    assertThat(live.getData()).containsEntry("a", "10").containsEntry("byHand", "x");
    assertThat(live.getData()).doesNotContainKey("b");
    assertThat(live.getMetadata().getManagedFields())
        .anySatisfy(f -> assertThat(f.getManager()).isEqualTo("setpoint"));
  }

  @Test
  void anUnchangedApplyWritesNothingAndCountsRequests() {
    apply("setpoint", Map.of("a", "1"));
    String version =
        client
            .configMaps()
            .inNamespace("app")
            .withName("settings")
            .get()
            .getMetadata()
            .getResourceVersion();

    apply("setpoint", Map.of("a", "1"));

    assertThat(
            client
                .configMaps()
                .inNamespace("app")
                .withName("settings")
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(version);
    assertThat(sandbox.dispatcher().requestCounts()).containsEntry("PATCH", 2L);
    assertThat(sandbox.dispatcher().writes())
        .containsExactly(
            "PATCH /api/v1/namespaces/app/configmaps/settings",
            "PATCH /api/v1/namespaces/app/configmaps/settings");
  }
}
