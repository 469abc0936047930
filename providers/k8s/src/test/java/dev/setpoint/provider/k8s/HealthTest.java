package dev.setpoint.provider.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthTest {

  static final ObjectRef DEPLOYMENT = new ObjectRef("apps/v1", "Deployment", "app", "web");
  static final ObjectRef JOB = new ObjectRef("batch/v1", "Job", "app", "migrate");

  @Test
  void aDeploymentWaitsForUpdatedThenAvailableReplicas() {
    Map<String, Object> spec = Map.of("replicas", 3);
    Map<String, Object> metadata = Map.of("generation", 2);

    assertThat(
            Health.of(
                    DEPLOYMENT,
                    Map.of(
                        "metadata", metadata,
                        "spec", spec,
                        "status", Map.of("observedGeneration", 2, "updatedReplicas", 3)))
                .message())
        .isEqualTo("condition Available: 0 of 3 replicas available");
    assertThat(
            Health.of(
                    DEPLOYMENT,
                    Map.of(
                        "metadata", metadata,
                        "spec", spec,
                        "status",
                            Map.of(
                                "observedGeneration",
                                2,
                                "updatedReplicas",
                                3,
                                "availableReplicas",
                                3)))
                .ready())
        .isTrue();
  }

  @Test
  void aJobIsReadyWhenCompleteAndFailedWhenItFailed() {
    assertThat(Health.of(JOB, Map.of("status", Map.of())).ready()).isFalse();
    assertThat(
            Health.of(
                    JOB,
                    Map.of(
                        "status",
                        Map.of(
                            "conditions", List.of(Map.of("type", "Complete", "status", "True")))))
                .ready())
        .isTrue();
    Health.Status failed =
        Health.of(
            JOB,
            Map.of(
                "status",
                Map.of(
                    "conditions",
                    List.of(
                        Map.of(
                            "type",
                            "Failed",
                            "status",
                            "True",
                            "message",
                            "BackoffLimitExceeded")))));
    assertThat(failed.failed()).isTrue();
    assertThat(failed.message()).isEqualTo("condition Failed: BackoffLimitExceeded");
  }

  @Test
  void otherKindsAreNotWatched() {
    assertThat(Health.watched(new ObjectRef("v1", "ConfigMap", "app", "x"))).isFalse();
    assertThat(Health.watched(new ObjectRef("apps/v1", "StatefulSet", "app", "db"))).isTrue();
    assertThat(Health.watched(new ObjectRef("apps/v1", "DaemonSet", "app", "agent"))).isTrue();
  }
}
