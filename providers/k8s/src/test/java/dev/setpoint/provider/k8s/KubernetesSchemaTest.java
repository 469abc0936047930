package dev.setpoint.provider.k8s;

import static java.util.stream.Collectors.joining;
import static java.util.stream.Collectors.toMap;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.schema.PropertySchema;
import dev.setpoint.orchestrator.schema.ProviderSchema;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Test
  void referenceDocsListEveryPropertyAsTheSchemaDeclaresIt() throws IOException {
    String page = Files.readString(Path.of("../../docs/providers/kubernetes.md"));
    for (ResourceTypeSchema type : registry.provider("kubernetes").orElseThrow().resourceTypes()) {
      assertThat(documentedProperties(page, type.type()))
          .as("docs/providers/kubernetes.md, " + type.type())
          .isEqualTo(declaredProperties(type));
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

  /**
   * The top-level property rows of one type's section in a provider reference page: property name
   * to its "required | default | immutable" cells.
   */
  private static Map<String, String> documentedProperties(String page, String type) {
    int start = page.indexOf("## `" + type + "`");
    assertThat(start).as("a section for " + type).isNotNegative();
    int end = page.indexOf("\n## ", start + 1);
    String section = end < 0 ? page.substring(start) : page.substring(start, end);
    Map<String, String> rows = new TreeMap<>();
    for (String line : section.split("\n")) {
      String[] cells = line.split(" \\| ");
      if (line.startsWith("| `") && cells.length >= 5) {
        String name = cells[0].substring("| `".length(), cells[0].length() - 1);
        if (!name.contains(".")) {
          rows.put(name, cells[2] + " | " + cells[3] + " | " + cells[4]);
        }
      }
    }
    return rows;
  }

  private static Map<String, String> declaredProperties(ResourceTypeSchema type) {
    Map<String, String> rows = new TreeMap<>();
    type.properties()
        .values()
        .forEach(
            property ->
                rows.put(
                    property.name(),
                    requiredCell(type, property)
                        + " | "
                        + (property.defaultValue() == null
                            ? ""
                            : "`" + property.defaultValue() + "`")
                        + " | "
                        + (property.immutable() ? "yes" : "no")));
    return rows;
  }

  private static String requiredCell(ResourceTypeSchema type, PropertySchema property) {
    return type.exactlyOneOf().stream()
        .filter(group -> group.contains(property.name()))
        .findFirst()
        .map(
            group ->
                type.properties().keySet().stream()
                    .filter(group::contains)
                    .map(name -> "`" + name + "`")
                    .collect(joining(", ", "one of ", "")))
        .orElse(property.required() ? "yes" : "no");
  }
}
