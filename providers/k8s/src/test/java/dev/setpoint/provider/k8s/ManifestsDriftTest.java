package dev.setpoint.provider.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.testing.InMemoryTree;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManifestsDriftTest extends KubernetesTestSupport {

  final InMemoryTree tree = ManifestsApplyTest.folder();
  final Map<String, Object> properties = ManifestsApplyTest.properties();

  @BeforeEach
  void applyOnce() {
    reconcile(spec("app", properties), tree);
  }

  @Test
  void replicasEditedByHandAreDriftAndApplyRevertsThem() {
    client.apps().deployments().inNamespace("app").withName("web").scale(5);

    Plan plan = plan(spec("app", properties), tree);
    reconcile(spec("app", properties), tree);

    assertThat(plan.action()).isEqualTo(Plan.Action.UPDATE);
    assertThat(lines(plan)).containsExactly("Deployment/app/web spec.replicas: 5 -> 2");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("app")
                .withName("web")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(2);
    assertThat(plan(spec("app", properties), tree).action()).isEqualTo(Plan.Action.NONE);
  }

  @Test
  void aConfigMapKeyAndALabelWeSetEditedByHandAreDriftAndReverted() {
    client
        .configMaps()
        .inNamespace("app")
        .withName("settings")
        .edit(m -> new ConfigMapBuilder(m).addToData("greeting", "bonjour").build());
    client
        .apps()
        .deployments()
        .inNamespace("app")
        .withName("web")
        .edit(
            d ->
                new DeploymentBuilder(d)
                    .editMetadata()
                    .addToLabels("tier", "backend")
                    .endMetadata()
                    .build());

    Plan plan = plan(spec("app", properties), tree);
    reconcile(spec("app", properties), tree);

    assertThat(lines(plan))
        .containsExactlyInAnyOrder(
            "Deployment/app/web metadata.labels.tier: backend -> frontend",
            "ConfigMap/app/settings data.greeting: bonjour -> hello");
    assertThat(client.configMaps().inNamespace("app").withName("settings").get().getData())
        .containsEntry("greeting", "hello");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("app")
                .withName("web")
                .get()
                .getMetadata()
                .getLabels())
        .containsEntry("tier", "frontend");
  }

  @Test
  void fieldsTheManifestDoesNotSetAndWhatTheServerRewritesAreNotDrift() {
    client
        .configMaps()
        .inNamespace("app")
        .withName("settings")
        .edit(
            m ->
                new ConfigMapBuilder(m)
                    .addToData("addedByHand", "x")
                    .editMetadata()
                    .addToAnnotations("note", "by hand")
                    .endMetadata()
                    .build());
    // What an API server writes back: a quantity in canonical form, a defaulted field.
    client
        .apps()
        .deployments()
        .inNamespace("app")
        .withName("web")
        .edit(
            d ->
                new DeploymentBuilder(d)
                    .editSpec()
                    .withRevisionHistoryLimit(10)
                    .editTemplate()
                    .editSpec()
                    .editFirstContainer()
                    .withImagePullPolicy("IfNotPresent")
                    .editResources()
                    .addToLimits("cpu", new io.fabric8.kubernetes.api.model.Quantity("1"))
                    .addToLimits(
                        "memory", new io.fabric8.kubernetes.api.model.Quantity("1073741824"))
                    .endResources()
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build());

    Plan plan = plan(spec("app", properties), tree);

    assertThat(plan.action()).as("%s", lines(plan)).isEqualTo(Plan.Action.NONE);
  }

  @Test
  void anObjectDeletedByHandIsRecreated() {
    client.services().inNamespace("app").withName("web").delete();

    Plan plan = plan(spec("app", properties), tree);
    reconcile(spec("app", properties), tree);

    assertThat(lines(plan)).containsExactly("Service/app/web: null -> (created)");
    assertThat(client.services().inNamespace("app").withName("web").get()).isNotNull();
  }

  @Test
  void aSecretsStringDataFoldedIntoDataByTheServerIsNotDriftButAnEditedValueIs() {
    InMemoryTree secrets =
        tree(
            "k8s/secret.yaml",
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: token}
            stringData: {value: s3cr3t}
            """);
    Map<String, Object> secretProperties = props("path", "k8s", "namespace", "app");
    reconcile(spec("secrets", secretProperties), secrets);
    // The in-memory API keeps stringData; a real one keeps only data: make it look like one.
    foldStringData("s3cr3t");

    Plan folded = plan(spec("secrets", secretProperties), secrets);
    foldStringData("edited by hand");
    Plan edited = plan(spec("secrets", secretProperties), secrets);
    reconcile(spec("secrets", secretProperties), secrets);

    assertThat(folded.action()).as("%s", lines(folded)).isEqualTo(Plan.Action.NONE);
    assertThat(lines(edited))
        .containsExactly("Secret/app/token stringData.value: (hidden) -> (hidden)");
    io.fabric8.kubernetes.api.model.Secret live =
        client.secrets().inNamespace("app").withName("token").get();
    assertThat(live.getStringData()).containsEntry("value", "s3cr3t");
  }

  private void foldStringData(String value) {
    client
        .secrets()
        .inNamespace("app")
        .withName("token")
        .edit(
            s ->
                new io.fabric8.kubernetes.api.model.SecretBuilder(s)
                    .withStringData(null)
                    .withData(
                        Map.of(
                            "value",
                            java.util.Base64.getEncoder().encodeToString(value.getBytes())))
                    .build());
  }
}
