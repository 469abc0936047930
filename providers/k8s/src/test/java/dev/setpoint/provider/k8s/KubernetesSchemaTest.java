package dev.setpoint.provider.k8s;

import static java.util.stream.Collectors.toMap;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.schema.PropertySchema;
import dev.setpoint.orchestrator.schema.ProviderSchema;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
    assertThat(shapes(List.copyOf(manifests.properties().values())))
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
    ProviderSchema kubernetes = registry.provider("kubernetes").orElseThrow();
    kubernetes.settings().forEach(setting -> assertThat(setting.description()).isNotBlank());
    for (ResourceTypeSchema type : kubernetes.resourceTypes()) {
      assertThat(type.description()).isNotBlank();
      type.properties()
          .values()
          .forEach(property -> assertThat(property.description()).as(property.name()).isNotBlank());
    }
  }

  private static Set<String> required(ResourceTypeSchema type) {
    return type.properties().values().stream()
        .filter(PropertySchema::required)
        .map(PropertySchema::name)
        .collect(toSet());
  }

  private static Map<String, Object> defaults(ResourceTypeSchema type) {
    return type.properties().values().stream()
        .filter(property -> property.defaultValue() != null)
        .collect(toMap(PropertySchema::name, PropertySchema::defaultValue));
  }

  /** Each property's type, spelled out with item types: {@code LIST<STRING>}. */
  private static Map<String, String> shapes(List<PropertySchema> properties) {
    Map<String, String> shapes = new TreeMap<>();
    properties.forEach(property -> shapes.put(property.name(), shape(property)));
    return shapes;
  }

  private static String shape(PropertySchema property) {
    return switch (property.type()) {
      case LIST, MAP -> property.type() + "<" + shape(property.items()) + ">";
      default -> property.type().name();
    };
  }
}
