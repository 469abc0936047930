package dev.setpoint.provider.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.model.DeletionPolicy;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.testing.InMemoryTree;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestsPruneTest extends KubernetesTestSupport {

  static final String BOTH =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: keep}
      data: {a: "1"}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: old}
      data: {b: "2"}
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: token}
      stringData: {value: s3cr3t}
      """;

  static final String ONLY_KEEP =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: keep}
      data: {a: "1"}
      """;

  final Map<String, Object> properties = props("path", "k8s", "namespace", "app");

  @Test
  void anObjectAndAWholeKindThatLeftGitArePruned() {
    reconcile(spec("app", properties), tree("k8s/all.yaml", BOTH));
    InMemoryTree next = tree("k8s/all.yaml", ONLY_KEEP);

    Plan plan = plan(spec("app", properties), next);
    reconcile(spec("app", properties), next);

    assertThat(lines(plan))
        .containsExactlyInAnyOrder(
            "ConfigMap/app/old: present -> (pruned)", "Secret/app/token: present -> (pruned)");
    assertThat(client.configMaps().inNamespace("app").withName("old").get()).isNull();
    assertThat(client.secrets().inNamespace("app").withName("token").get()).isNull();
    assertThat(client.configMaps().inNamespace("app").withName("keep").get()).isNotNull();
    assertThat(
            client
                .configMaps()
                .inNamespace("setpoint-system")
                .withName("dev.app")
                .get()
                .getData()
                .get("objects"))
        .doesNotContain("old")
        .doesNotContain("Secret");
    assertThat(plan(spec("app", properties), next).action()).isEqualTo(Plan.Action.NONE);
  }

  @Test
  void retainLeavesObjectsThatLeftGitInPlaceAndForgetsThem() {
    reconcile(spec("app", properties, DeletionPolicy.RETAIN), tree("k8s/all.yaml", BOTH));
    InMemoryTree next = tree("k8s/all.yaml", ONLY_KEEP);

    reconcile(spec("app", properties, DeletionPolicy.RETAIN), next);

    assertThat(client.configMaps().inNamespace("app").withName("old").get()).isNotNull();
    assertThat(client.secrets().inNamespace("app").withName("token").get()).isNotNull();
    assertThat(plan(spec("app", properties, DeletionPolicy.RETAIN), next).action())
        .isEqualTo(Plan.Action.NONE);
  }

  @Test
  void withPruneOffObjectsThatLeftGitStayLiveAndAreForgotten() {
    reconcile(spec("app", properties), tree("k8s/all.yaml", BOTH));
    InMemoryTree next = tree("k8s/all.yaml", ONLY_KEEP);
    ProviderContext pruneOff = context(next, false);

    Observation observation = handler.observe(spec("app", properties), pruneOff);
    Plan plan = handler.diff(spec("app", properties), observation);
    reconcile(spec("app", properties), pruneOff);

    assertThat(lines(plan))
        .containsExactlyInAnyOrder(
            "ConfigMap/app/old: present -> (left in place: prune off)",
            "Secret/app/token: present -> (left in place: prune off)");
    assertThat(client.configMaps().inNamespace("app").withName("old").get()).isNotNull();
    assertThat(client.secrets().inNamespace("app").withName("token").get()).isNotNull();
    assertThat(plan(spec("app", properties), next).action()).isEqualTo(Plan.Action.NONE);
  }

  @Test
  void listManagedFindsTheInventoryAndDeleteRemovesEveryObjectThenTheInventory() {
    reconcile(spec("app", properties), tree("k8s/all.yaml", BOTH));

    List<ManagedResource> managed = provider.listManaged(ENV, context(null));
    assertThat(managed)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.name()).isEqualTo("app");
              assertThat(m.type()).isEqualTo(ManifestsHandler.TYPE);
              assertThat(m.id()).isEqualTo("dev.app");
            });
    assertThat(provider.listManaged("other", context(null))).isEmpty();

    handler.delete(managed.get(0), context(null));
    handler.delete(managed.get(0), context(null)); // absent is success

    assertThat(client.configMaps().inNamespace("app").list().getItems()).isEmpty();
    assertThat(client.secrets().inNamespace("app").list().getItems()).isEmpty();
    assertThat(provider.listManaged(ENV, context(null))).isEmpty();
  }

  @Test
  void retainIsRecordedForPruneOfTheWholeResource() {
    reconcile(spec("app", properties, DeletionPolicy.RETAIN), tree("k8s/all.yaml", ONLY_KEEP));

    assertThat(provider.listManaged(ENV, context(null)))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m.attributes()).containsEntry("setpoint.dev/deletion-policy", "retain"));
  }
}
