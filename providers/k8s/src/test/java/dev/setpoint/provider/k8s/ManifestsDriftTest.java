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
}
