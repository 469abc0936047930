package dev.setpoint.provider.k8s;

import static dev.setpoint.orchestrator.testing.SchemaFacts.assertEverythingDescribed;
import static dev.setpoint.orchestrator.testing.SchemaFacts.assertReferenceDocsMatch;
import static dev.setpoint.orchestrator.testing.SchemaFacts.defaults;
import static dev.setpoint.orchestrator.testing.SchemaFacts.required;
import static dev.setpoint.orchestrator.testing.SchemaFacts.shapes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.schema.ProviderSchema;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Kubernetes schema is exactly SPEC §2: one type, path or manifests, wait and timeout. */
class KubernetesSchemaTest {

  private final SchemaRegistry registry = SchemaRegistry.load();

  @Test
  void serviceLoaderFindsTheKubernetesProviderWithItsSettings() {
    assertThat(registry.providerNames()).containsExactly("kubernetes");
    ProviderSchema kubernetes = registry.provider("kubernetes").orElseThrow();
    assertThat(kubernetes).isInstanceOf(KubernetesSchema.class);
    assertThat(shapes(kubernetes.settings())).isEqualTo(Map.of("context", "STRING"));
    assertThat(registry.typeNames()).containsExactly("kubernetes:Manifests");
  }

  @Test
  void manifests() {
    ResourceTypeSchema manifests = registry.type("kubernetes:Manifests").orElseThrow();
    assertThat(shapes(manifests))
        .isEqualTo(
            Map.of(
                "path", "PATH",
                "manifests", "LIST<MAP<ANY>>",
                "namespace", "STRING",
                "wait", "BOOLEAN",
                "timeout", "DURATION"));
    assertThat(required(manifests)).as("path or manifests, through exactlyOneOf").isEmpty();
    assertThat(manifests.exactlyOneOf()).containsExactly(Set.of("path", "manifests"));
    assertThat(defaults(manifests)).isEqualTo(Map.of("wait", true, "timeout", "5m"));
    assertThat(manifests.immutableProperties()).isEmpty();
    assertThat(manifests.outputs()).containsExactly("objects", "namespaces");
    assertThat(manifests.dynamicOutputs()).isFalse();
  }

  @Test
  void everyTypePropertyAndSettingIsDescribed() {
    assertEverythingDescribed(registry.provider("kubernetes").orElseThrow());
  }

  @Test
  void referenceDocsListEveryPropertyAsTheSchemaDeclaresIt() throws IOException {
    assertReferenceDocsMatch(
        registry.provider("kubernetes").orElseThrow(), "../../docs/providers/kubernetes.md");
  }
}
