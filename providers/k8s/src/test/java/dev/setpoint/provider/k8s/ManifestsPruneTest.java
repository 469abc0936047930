package dev.setpoint.provider.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.setpoint.orchestrator.model.DeletionPolicy;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ProviderException;
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
  void anObjectWhosePruneFailedStaysInTheInventoryAndTheNextRunDeletesIt() {
    reconcile(spec("app", properties), tree("k8s/all.yaml", BOTH));
    InMemoryTree next = tree("k8s/all.yaml", ONLY_KEEP);
    sandbox.dispatcher().refuse("DELETE /api/v1/namespaces/app/configmaps/old", 403, 1);

    assertThatThrownBy(() -> reconcile(spec("app", properties), next))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("could not prune ConfigMap/app/old")
        .hasMessageContaining("kept in the inventory and retried on the next run");

    assertThat(client.configMaps().inNamespace("app").withName("old").get()).isNotNull();
    assertThat(client.secrets().inNamespace("app").withName("token").get()).isNull();
    assertThat(inventory()).contains("\"old\"").doesNotContain("Secret");
    assertThat(lines(plan(spec("app", properties), next)))
        .containsExactly("ConfigMap/app/old: present -> (pruned)");

    reconcile(spec("app", properties), next);

    assertThat(client.configMaps().inNamespace("app").withName("old").get()).isNull();
    assertThat(inventory()).doesNotContain("\"old\"").contains("\"keep\"");
    assertThat(plan(spec("app", properties), next).action()).isEqualTo(Plan.Action.NONE);
  }

  @Test
  void anObjectWhoseKindCannotBeLookedUpAtPruneStaysInTheInventoryAndIsReported() {
    InMemoryTree withWidget =
        tree("k8s/crd.yaml", ManifestsApplyTest.CRD, "k8s/widget.yaml", WIDGET);
    InMemoryTree crdOnly = tree("k8s/crd.yaml", ManifestsApplyTest.CRD);
    reconcile(spec("app", properties), withWidget);
    // A fresh worker that may neither read discovery nor list CRDs (RBAC, say): the kind of the
    // object to prune is unknowable, which is not the same as gone.
    Observation observation = handler.observe(spec("app", properties), context(crdOnly));
    Plan plan = handler.diff(spec("app", properties), observation);
    sandbox.dispatcher().refuse("GET /apis/example.com/v1", 403, 2);
    sandbox
        .dispatcher()
        .refuse("GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions", 403, 1);

    try (KubernetesProvider fresh =
        new KubernetesProvider(
            Map.of("KUBECONFIG", work.resolve("kubeconfig").toString())::get,
            java.time.Duration.ofMillis(50))) {
      ManifestsHandler freshHandler = (ManifestsHandler) fresh.handlers().get(0);
      assertThatThrownBy(() -> freshHandler.apply(spec("app", properties), plan, context(crdOnly)))
          .isInstanceOf(ProviderException.class)
          .hasMessageContaining("could not prune Widget/app/gadget")
          .hasMessageContaining("cannot tell whether the API server has kind Widget");
    }

    assertThat(widget()).isNotNull();
    assertThat(inventory()).contains("Widget");

    reconcile(spec("app", properties), crdOnly);

    assertThat(widget()).isNull();
    assertThat(inventory()).doesNotContain("Widget");
  }

  @Test
  void anObjectOfAKindTheServerNoLongerHasLeavesTheInventory() {
    InMemoryTree withWidget =
        tree("k8s/crd.yaml", ManifestsApplyTest.CRD, "k8s/widget.yaml", WIDGET);
    reconcile(spec("crds", props("path", "k8s/crd.yaml")), withWidget);
    reconcile(spec("app", props("path", "k8s/widget.yaml", "namespace", "app")), withWidget);
    // A real API server deletes a CRD's objects with it; the mock keeps them, so do it here.
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("widgets.example.com")
        .delete();
    widgetResource().delete();

    reconcile(
        spec("app", props("path", "k8s/empty.yaml", "namespace", "app")),
        tree("k8s/empty.yaml", ONLY_KEEP));

    assertThat(inventory()).doesNotContain("Widget").contains("\"keep\"");
  }

  private static final String WIDGET =
      """
      apiVersion: example.com/v1
      kind: Widget
      metadata: {name: gadget}
      spec: {size: 3}
      """;

  private io.fabric8.kubernetes.client.dsl.Resource<
          io.fabric8.kubernetes.api.model.GenericKubernetesResource>
      widgetResource() {
    return client
        .genericKubernetesResources(
            new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
                .withGroup("example.com")
                .withVersion("v1")
                .withKind("Widget")
                .withPlural("widgets")
                .withNamespaced(true)
                .build())
        .inNamespace("app")
        .withName("gadget");
  }

  private Object widget() {
    return widgetResource().get();
  }

  private String inventory() {
    return client
        .configMaps()
        .inNamespace("setpoint-system")
        .withName("dev.app")
        .get()
        .getData()
        .get("objects");
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
