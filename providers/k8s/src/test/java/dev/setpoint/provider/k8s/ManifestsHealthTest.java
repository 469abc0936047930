package dev.setpoint.provider.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.ProviderException;
import dev.setpoint.orchestrator.testing.InMemoryTree;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManifestsHealthTest extends KubernetesTestSupport {

  static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 3
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: web, image: nginx}]
      """;

  final InMemoryTree tree = tree("k8s/web.yaml", DEPLOYMENT);

  @Test
  void waitTimesOutNamingTheObjectAndTheConditionThatIsNotReady() {
    Map<String, Object> properties = props("path", "k8s", "namespace", "app", "timeout", "1s");

    assertThatThrownBy(() -> reconcile(spec("web", properties), tree))
        .isInstanceOf(ProviderException.class)
        .hasMessage(
            "web: timed out after 1s waiting for Deployment/app/web to be ready:"
                + " observedGeneration 0 < generation 1: the controller has not seen the latest"
                + " spec yet")
        .satisfies(e -> assertThat(((ProviderException) e).retryable()).isFalse());
  }

  @Test
  void waitSucceedsOnceTheRolloutIsReported() throws Exception {
    Map<String, Object> properties = props("path", "k8s", "namespace", "app", "timeout", "30s");
    CompletableFuture<Outputs> applying =
        CompletableFuture.supplyAsync(() -> reconcile(spec("web", properties), tree));
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(() -> client.apps().deployments().inNamespace("app").withName("web").get() != null);

    client
        .apps()
        .deployments()
        .inNamespace("app")
        .withName("web")
        .editStatus(
            d -> {
              d.setStatus(
                  new DeploymentStatusBuilder()
                      .withReplicas(3)
                      .withUpdatedReplicas(3)
                      .withAvailableReplicas(3)
                      .withReadyReplicas(3)
                      .withObservedGeneration(d.getMetadata().getGeneration())
                      .build());
              return d;
            });

    assertThat(applying.get(20, TimeUnit.SECONDS).values()).containsEntry("objects", 1L);
    assertThat(handler.ready(spec("web", properties), context(tree)).ready()).isTrue();
  }

  @Test
  void readinessReportsWhatItWaitsForAndWaitFalseSkipsIt() {
    reconcile(spec("web", props("path", "k8s", "namespace", "app", "wait", false)), tree);

    assertThat(
            handler
                .ready(spec("web", props("path", "k8s", "namespace", "app")), context(tree))
                .message())
        .isEqualTo(
            "Deployment/app/web: observedGeneration 0 < generation 1: the controller has not seen"
                + " the latest spec yet");
    assertThat(
            handler
                .ready(
                    spec("web", props("path", "k8s", "namespace", "app", "wait", false)),
                    context(tree))
                .ready())
        .isTrue();
  }

  final InMemoryTree crdAndWidget =
      tree(
          "k8s/crd.yaml",
          ManifestsApplyTest.CRD,
          "k8s/widget.yaml",
          "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: gadget}\nspec: {size: 3}\n");

  static final String CRD_STATUS =
      "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com/status";

  @Test
  void customResourcesWaitUntilTheirCrdIsEstablished() throws Exception {
    sandbox.dispatcher().establishCrds(false);
    Map<String, Object> properties = props("path", "k8s", "namespace", "app", "timeout", "30s");
    CompletableFuture<Outputs> applying =
        CompletableFuture.supplyAsync(() -> reconcile(spec("app", properties), crdAndWidget));
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(() -> crd().get() != null);
    Thread.sleep(300); // the handler polls meanwhile, every 50 ms here
    assertThat(applying).isNotDone();

    crd()
        .editStatus(
            crd -> {
              crd.setStatus(
                  new io.fabric8.kubernetes.api.model.apiextensions.v1
                          .CustomResourceDefinitionStatusBuilder()
                      .addNewCondition()
                      .withType("Established")
                      .withStatus("True")
                      .endCondition()
                      .build());
              return crd;
            });

    assertThat(applying.get(20, TimeUnit.SECONDS).values()).containsEntry("objects", 2L);
    java.util.List<String> writes = sandbox.dispatcher().writes();
    assertThat(writes).contains("PATCH /apis/example.com/v1/namespaces/app/widgets/gadget");
    assertThat(
            writes.stream()
                .filter(w -> w.endsWith(CRD_STATUS) || w.endsWith("/widgets/gadget"))
                .toList())
        .as("the Widget is applied only after its CRD's status was set")
        .first()
        .asString()
        .endsWith(CRD_STATUS);
  }

  @Test
  void aCrdThatIsNeverEstablishedTimesOutNamingItAndItsCustomResourcesAreNotApplied() {
    sandbox.dispatcher().establishCrds(false);
    Map<String, Object> properties = props("path", "k8s", "namespace", "app", "timeout", "1s");

    assertThatThrownBy(() -> reconcile(spec("app", properties), crdAndWidget))
        .isInstanceOf(ProviderException.class)
        .hasMessage(
            "app: timed out after 1s waiting for CustomResourceDefinition/widgets.example.com:"
                + " condition Established is not True (its custom resources were not applied)");
    assertThat(sandbox.dispatcher().writes()).noneMatch(w -> w.contains("/widgets/gadget"));
  }

  private io.fabric8.kubernetes.client.dsl.Resource<
          io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition>
      crd() {
    return client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.com");
  }
}
