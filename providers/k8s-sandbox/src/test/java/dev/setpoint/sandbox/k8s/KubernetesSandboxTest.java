package dev.setpoint.sandbox.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.nio.file.Path;
import java.util.List;
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
    return apply(manager, data, Map.of());
  }

  private ConfigMap apply(String manager, Map<String, String> data, Map<String, String> labels) {
    ConfigMap map =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("settings")
            .withNamespace("app")
            .withLabels(labels)
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

  @Test
  void anApplyThatChangesBumpsTheVersionAndKeepsLabelsAndTheFieldsOfOtherManagers() {
    apply("setpoint", Map.of("a", "1"), Map.of("team", "core"));
    apply("operator", Map.of("fromOperator", "x"));
    String before = get("app", "settings").getMetadata().getResourceVersion();

    apply("setpoint", Map.of("a", "2"), Map.of("team", "core"));

    ConfigMap live = get("app", "settings");
    assertThat(Long.parseLong(live.getMetadata().getResourceVersion()))
        .isGreaterThan(Long.parseLong(before));
    assertThat(live.getMetadata().getLabels()).containsEntry("team", "core");
    assertThat(live.getData()).containsEntry("a", "2").containsEntry("fromOperator", "x");
    assertThat(live.getMetadata().getManagedFields())
        .extracting(f -> f.getManager())
        .containsExactlyInAnyOrder("setpoint", "operator");
  }

  @Test
  void objectsOfOneNameInSeveralNamespacesAndKindsAreEachFoundInTheirOwnPlace() {
    for (String namespace : List.of("a", "b", "c")) {
      client
          .configMaps()
          .inNamespace(namespace)
          .resource(configMap(namespace, "settings"))
          .create();
    }
    client
        .secrets()
        .inNamespace("b")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("settings")
                .endMetadata()
                .addToStringData("secret", "s")
                .build())
        .create();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("settings").endMetadata().build())
        .create();

    client
        .configMaps()
        .inNamespace("b")
        .withName("settings")
        .edit(map -> new ConfigMapBuilder(map).addToData("edited", "yes").build());
    client.configMaps().inNamespace("a").withName("settings").delete();

    assertThat(get("a", "settings")).isNull();
    assertThat(get("b", "settings").getData()).containsEntry("edited", "yes");
    assertThat(get("c", "settings").getData()).containsEntry("namespace", "c").hasSize(1);
    assertThat(client.secrets().inNamespace("b").withName("settings").get()).isNotNull();
    assertThat(client.namespaces().withName("settings").get()).isNotNull();
    assertThatThrownBy(
            () ->
                client.configMaps().inNamespace("c").resource(configMap("c", "settings")).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    client.configMaps().inNamespace("a").resource(configMap("a", "settings")).create();
    assertThat(get("a", "settings")).isNotNull();
  }

  @Test
  void anObjectStoredBehindTheIndexIsStillFound() {
    ServerSideApplyDispatcher dispatcher = sandbox.dispatcher();
    String path = "/api/v1/namespaces/app/configmaps/byhand";
    String json = client.getKubernetesSerialization().asJson(configMap("app", "byhand"));
    AttributeSet key =
        AttributeSet.merge(
            dispatcher.getKey(path),
            ((KubernetesAttributesExtractor) dispatcher.getAttributeExtractor())
                .fromResource(json));
    dispatcher.getMap().put(key, json);

    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace("app")
                    .resource(configMap("app", "byhand"))
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    apply("setpoint", Map.of("a", "1"));
    assertThat(get("app", "settings").getData()).containsEntry("a", "1");
  }

  private ConfigMap get(String namespace, String name) {
    return client.configMaps().inNamespace(namespace).withName(name).get();
  }

  private static ConfigMap configMap(String namespace, String name) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .addToData("namespace", namespace)
        .build();
  }

  @Test
  void aRefusedRequestFailsWithItsCodeAsOftenAsAskedAndLeavesTheStoreAlone() {
    apply("setpoint", Map.of("a", "1"));
    sandbox.dispatcher().refuse("DELETE /api/v1/namespaces/app/configmaps/settings", 403, 1);

    assertThatThrownBy(() -> client.configMaps().inNamespace("app").withName("settings").delete())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    assertThat(client.configMaps().inNamespace("app").withName("settings").get()).isNotNull();

    client.configMaps().inNamespace("app").withName("settings").delete();
    assertThat(client.configMaps().inNamespace("app").withName("settings").get()).isNull();
  }
}
