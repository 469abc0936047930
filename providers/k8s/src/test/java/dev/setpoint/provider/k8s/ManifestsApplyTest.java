package dev.setpoint.provider.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.testing.InMemoryTree;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestsApplyTest extends KubernetesTestSupport {

  static final String NAMESPACE =
      """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: app
      """;

  static final String CRD =
      """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: widgets.example.com
      spec:
        group: example.com
        scope: Namespaced
        names: {plural: widgets, singular: widget, kind: Widget}
        versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
      """;

  static final String APP =
      """
      apiVersion: example.com/v1
      kind: Widget
      metadata:
        name: gadget
      spec:
        size: 3
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        labels: {tier: frontend}
      spec:
        replicas: 2
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: web
              image: nginx:1.27
              resources:
                limits: {cpu: 1000m, memory: 1Gi}
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        selector: {app: web}
        ports:
        - port: 80
          targetPort: 8080
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        greeting: hello
      """;

  static InMemoryTree folder() {
    // Sorted file order would put app.yaml first: Namespaces and CRDs must still go first.
    return tree("k8s/app.yaml", APP, "k8s/crd.yaml", CRD, "k8s/ns.yaml", NAMESPACE);
  }

  static Map<String, Object> properties() {
    return props("path", "k8s", "namespace", "app", "wait", false);
  }

  @Test
  void appliesNamespacesAndCrdsFirstThenTheRestLabelledAndRecorded() {
    Outputs outputs = reconcile(spec("app", properties()), folder());

    List<String> applies =
        sandbox.dispatcher().writes().stream()
            .filter(w -> w.startsWith("PATCH"))
            .filter(w -> !w.contains("setpoint-system"))
            .toList();
    assertThat(applies)
        .containsExactly(
            "PATCH /api/v1/namespaces/app",
            "PATCH /apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com",
            "PATCH /apis/example.com/v1/namespaces/app/widgets/gadget",
            "PATCH /apis/apps/v1/namespaces/app/deployments/web",
            "PATCH /api/v1/namespaces/app/services/web",
            "PATCH /api/v1/namespaces/app/configmaps/settings");
    assertThat(outputs.values()).containsEntry("objects", 6L);
    assertThat(outputs.values()).containsEntry("namespaces", List.of("app"));
    assertThat(client.apps().deployments().inNamespace("app").withName("web").get())
        .satisfies(
            d ->
                assertThat(d.getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/managed-by", "setpoint")
                    .containsEntry("setpoint.dev/environment", ENV)
                    .containsEntry("setpoint.dev/resource", "app")
                    .containsEntry("tier", "frontend"));
    GenericKubernetesResource widget =
        client
            .genericKubernetesResources("example.com/v1", "Widget")
            .inNamespace("app")
            .withName("gadget")
            .get();
    assertThat(widget).isNotNull();
    assertThat(client.configMaps().inNamespace("setpoint-system").withName("dev.app").get())
        .satisfies(inventory -> assertThat(inventory.getData().get("objects")).contains("Widget"));
  }

  @Test
  void aSecondApplyChangesNothingAndWritesNothing() {
    reconcile(spec("app", properties()), folder());
    sandbox.dispatcher().resetCounts();

    Plan plan = plan(spec("app", properties()), folder());
    reconcile(spec("app", properties()), folder());

    assertThat(plan.action()).as("%s", lines(plan)).isEqualTo(Plan.Action.NONE);
    assertThat(sandbox.dispatcher().writeCount()).isZero();
  }

  @Test
  void aFolderReadsYamlYmlAndJsonFilesInSortedOrderAndSkipsOthers() {
    InMemoryTree tree =
        tree(
            "k8s/b.json",
            "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"b\"}}",
            "k8s/a.yml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
            "k8s/README.md",
            "not a manifest");

    reconcile(spec("maps", props("path", "k8s", "namespace", "app")), tree);

    assertThat(
            sandbox.dispatcher().writes().stream()
                .filter(w -> w.contains("/namespaces/app/configmaps/"))
                .toList())
        .containsExactly(
            "PATCH /api/v1/namespaces/app/configmaps/a",
            "PATCH /api/v1/namespaces/app/configmaps/b");
  }

  @Test
  void referencesInManifestFilesResolveIntoStringValues() {
    InMemoryTree tree =
        tree(
            "k8s/config.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: storage
            data:
              bucket: ${bucket.bucketName}
              url: s3://${bucket.bucketName}/assets in ${var.region}
              literal: $${HOME}
            """);
    Map<String, Object> properties =
        props(
            "path",
            "k8s",
            "namespace",
            "app",
            "$fileReferences",
            Map.of("bucket.bucketName", "staging-assets", "var.region", "eu-west-1"));

    reconcile(spec("storage", properties), tree);

    assertThat(client.configMaps().inNamespace("app").withName("storage").get().getData())
        .containsEntry("bucket", "staging-assets")
        .containsEntry("url", "s3://staging-assets/assets in eu-west-1")
        .containsEntry("literal", "${HOME}");
  }

  @Test
  void inlineManifestsWithAResolvedReferenceLandInTheApi() {
    // The engine resolves references in properties before the step, as it does here for
    // ${bucket.bucketName}; the handler then applies the inline objects as they are.
    Map<String, Object> settings =
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "ConfigMap",
            "metadata",
            Map.of("name", "settings", "labels", Map.of("tier", "web")),
            "data",
            Map.of("bucket", "staging-assets"));
    Map<String, Object> namespace =
        Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", "inline"));
    Map<String, Object> properties =
        props("manifests", List.of(settings, namespace), "namespace", "inline");

    Outputs outputs = reconcile(spec("settings", properties), (InMemoryTree) null);

    var live = client.configMaps().inNamespace("inline").withName("settings").get();
    assertThat(live.getData()).containsEntry("bucket", "staging-assets");
    assertThat(live.getMetadata().getLabels())
        .containsEntry("tier", "web")
        .containsEntry("setpoint.dev/resource", "settings");
    assertThat(client.namespaces().withName("inline").get()).isNotNull();
    assertThat(outputs.values()).containsEntry("objects", 2L);
    // The inline maps are the spec's own, immutable: the handler copied them before labelling.
    assertThat(settings.get("metadata"))
        .isEqualTo(Map.of("name", "settings", "labels", Map.of("tier", "web")));
    assertThat(plan(spec("settings", properties), null).action()).isEqualTo(Plan.Action.NONE);
  }

  @Test
  void discoveryFallsBackToCrdsInTheClusterForCustomKinds() {
    reconcile(spec("app", properties()), folder());
    ApiResources resources = new ApiResources(client);

    ResourceDefinitionContext widget = resources.lookup("example.com/v1", "Widget", List.of());
    ResourceDefinitionContext deployment = resources.lookup("apps/v1", "Deployment", List.of());

    assertThat(widget.getPlural()).isEqualTo("widgets");
    assertThat(widget.isNamespaceScoped()).isTrue();
    assertThat(deployment.getPlural()).isEqualTo("deployments");
  }
}
