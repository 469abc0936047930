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
    var spec = KubernetesTestSupport.spec("bad", Map.of("path", "k8s/bad.yaml"));
    var context =
        new ProviderContext(
            "dev",
            null,
            ProviderSettings.empty("kubernetes"),
            InMemoryTree.of(Map.of("k8s/bad.yaml", "a: [unclosed")),
            Path.of("work"),
            null);
    assertThatThrownBy(() -> ManifestReader.read(spec, context))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith("k8s/bad.yaml: not valid YAML or JSON");
  }
}
