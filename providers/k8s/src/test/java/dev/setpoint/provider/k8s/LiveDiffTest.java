package dev.setpoint.provider.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.provider.Change;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveDiffTest {

  @Test
  void quantitiesCompareByValueOnlyInResourceLists() {
    Map<String, Object> desired =
        Map.of(
            "resources",
            Map.of("requests", Map.of("cpu", "500m", "memory", "1Gi")),
            "data",
            Map.of("value", "1"));
    Map<String, Object> live =
        Map.of(
            "resources",
            Map.of("requests", Map.of("cpu", "0.5", "memory", "1073741824")),
            "data",
            Map.of("value", "1.0"));

    assertThat(LiveDiff.changes(desired, live))
        .containsExactly(new Change("data.value", "1.0", "1"));
  }

  @Test
  void intOrStringPortsEmptyMapsAndContainerDefaultsAreNotDrift() {
    Map<String, Object> desired =
        Map.of(
            "ports", List.of(Map.of("port", 80, "targetPort", "8080")),
            "securityContext", Map.of(),
            "containers", List.of(Map.of("name", "web", "image", "nginx")));
    Map<String, Object> live =
        Map.of(
            "ports", List.of(Map.of("port", 80, "targetPort", 8080, "protocol", "TCP")),
            "containers",
                List.of(Map.of("name", "web", "image", "nginx", "imagePullPolicy", "Always")));

    assertThat(LiveDiff.changes(desired, live)).isEmpty();
  }

  @Test
  void aListOfAnotherLengthIsOneChangeAndAMissingFieldIsDrift() {
    Map<String, Object> desired = Map.of("args", List.of("a", "b"), "replicas", 2);
    Map<String, Object> live = Map.of("args", List.of("a"));

    assertThat(LiveDiff.changes(desired, live))
        .containsExactlyInAnyOrder(
            new Change("args", List.of("a"), List.of("a", "b")), new Change("replicas", null, 2));
  }

  static Map<String, Object> secret(String key, Object value) {
    return Map.of("apiVersion", "v1", "kind", "Secret", key, value);
  }

  static String base64(String text) {
    return java.util.Base64.getEncoder().encodeToString(text.getBytes());
  }

  @Test
  void aSecretsStringDataIsComparedWithTheDataARealServerKeeps() {
    Map<String, Object> desired = secret("stringData", Map.of("token", "s3cr3t", "user", "app"));
    // What a real API server stores: data, base64, and no stringData.
    Map<String, Object> same =
        secret("data", Map.of("token", base64("s3cr3t"), "user", base64("app")));
    Map<String, Object> edited =
        secret("data", Map.of("token", base64("changed"), "user", base64("app")));
    Map<String, Object> keyGone = secret("data", Map.of("user", base64("app")));

    assertThat(LiveDiff.changes(desired, same)).isEmpty();
    assertThat(LiveDiff.changes(desired, edited))
        .containsExactly(new Change("stringData.token", "(hidden)", "(hidden)"));
    assertThat(LiveDiff.changes(desired, keyGone))
        .containsExactly(new Change("stringData.token", null, "(hidden)"));
  }

  @Test
  void aSecretsDataValuesNeverShowInChangesButOtherKindsDo() {
    assertThat(
            LiveDiff.changes(
                secret("data", Map.of("token", base64("a"))),
                secret("data", Map.of("token", base64("b")))))
        .containsExactly(new Change("data.token", "(hidden)", "(hidden)"));
    assertThat(
            LiveDiff.changes(
                Map.of("kind", "ConfigMap", "data", Map.of("k", "a")),
                Map.of("kind", "ConfigMap", "data", Map.of("k", "b"))))
        .containsExactly(new Change("data.k", "b", "a"));
  }
}
