package dev.setpoint.provider.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.setpoint.orchestrator.model.ProviderSettings;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ProviderException;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import dev.setpoint.orchestrator.testing.InMemoryTree;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading manifests, in particular when the same text is read again and its parse is reused. */
class ManifestReaderTest {

  static final String MAP =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        greeting: ${var.greeting}
      """;

  private static List<Map<String, Object>> read(String greeting) {
    var spec =
        KubernetesTestSupport.spec(
            "maps",
            Map.of(
                "path",
                "k8s/maps.yaml",
                ResourceTypeSchema.FILE_REFERENCES,
                Map.of("var.greeting", greeting)));
    var context =
        new ProviderContext(
            "dev",
            null,
            ProviderSettings.empty("kubernetes"),
            InMemoryTree.of(Map.of("k8s/maps.yaml", MAP)),
            Path.of("work"),
            null);
    return ManifestReader.read(spec, context);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aTextReadAgainIsResolvedAgainAndNoReadSeesAnotherReadsChanges() {
    List<Map<String, Object>> first = read("hello");
    ((Map<String, Object>) first.get(0).get("metadata")).put("namespace", "changed");
    ((Map<String, Object>) first.get(0).get("data")).put("greeting", "changed");

    List<Map<String, Object>> second = read("bonjour");

    assertThat(second.get(0).get("data")).isEqualTo(Map.of("greeting", "bonjour"));
    assertThat((Map<String, Object>) second.get(0).get("metadata"))
        .containsOnlyKeys("name")
        .containsEntry("name", "settings");
    assertThat(ManifestReader.parse(MAP)).isSameAs(ManifestReader.parse(MAP));
  }

  @Test
  void invalidYamlIsStillAOneLineError() {
    assertThatThrownBy(() -> ManifestReader.parse("a: [unclosed"))
        .isInstanceOf(org.snakeyaml.engine.v2.exceptions.YamlEngineException.class);
    assertThat(readFailure("a: [unclosed").getMessage())
        .startsWith("k8s/bad.yaml: not valid YAML or JSON");
  }

  private static ProviderException readFailure(String manifest) {
    var spec = KubernetesTestSupport.spec("bad", Map.of("path", "k8s/bad.yaml"));
    var context =
        new ProviderContext(
            "dev",
            null,
            ProviderSettings.empty("kubernetes"),
            InMemoryTree.of(Map.of("k8s/bad.yaml", manifest)),
            Path.of("work"),
            null);
    try {
      ManifestReader.read(spec, context);
    } catch (ProviderException failure) {
      return failure;
    }
    throw new AssertionError("read " + manifest + " without a failure");
  }

  @Test
  void metadataFieldsThatAreNotStringsAreOneLineErrorsNamingTheObjectAndField() {
    assertThat(
            readFailure(
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: 2024}\n")
                .getMessage())
        .isEqualTo(
            "k8s/bad.yaml: ConfigMap/settings: metadata.namespace must be a string, not 2024:"
                + " quote it (\"2024\")");
    assertThat(readFailure("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: 42}\n").getMessage())
        .isEqualTo(
            "k8s/bad.yaml: ConfigMap: metadata.name must be a string, not 42: quote it (\"42\")");
    assertThat(readFailure("apiVersion: 1\nkind: ConfigMap\nmetadata: {name: a}\n").getMessage())
        .isEqualTo("k8s/bad.yaml: ConfigMap: apiVersion must be a string, not 1: quote it (\"1\")");
    assertThat(readFailure("apiVersion: v1\nkind: [ConfigMap]\nmetadata: {name: a}\n").getMessage())
        .isEqualTo("k8s/bad.yaml: kind must be a string, not a list");
    assertThat(
            readFailure("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: [x]}\n")
                .getMessage())
        .isEqualTo("k8s/bad.yaml: ConfigMap/a: metadata.labels must be a map of names to strings");
  }
}
