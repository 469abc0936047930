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
}
