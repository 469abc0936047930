package dev.setpoint.provider.terraform;

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

/** The Terraform schema is exactly SPEC §2: a module folder, its inputs, dynamic outputs. */
class TerraformSchemaTest {

  private final SchemaRegistry registry = SchemaRegistry.load();

  @Test
  void serviceLoaderFindsTheTerraformProviderWithItsSettings() {
    assertThat(registry.providerNames()).containsExactly("terraform");
    ProviderSchema terraform = registry.provider("terraform").orElseThrow();
    assertThat(terraform).isInstanceOf(TerraformSchema.class);
    assertThat(shapes(terraform.settings()))
        .as("pluginDir is a folder on the worker machine, so not a PATH checked against Git")
        .isEqualTo(Map.of("binary", "STRING", "pluginDir", "STRING", "parallelism", "INTEGER"));
    assertThat(registry.typeNames()).containsExactly("terraform:Module");
  }

  @Test
  void module() {
    ResourceTypeSchema module = registry.type("terraform:Module").orElseThrow();
    assertThat(shapes(List.copyOf(module.properties().values())))
        .isEqualTo(
            Map.of(
                "source", "PATH",
                "variables", "MAP<ANY>",
                "backendConfig", "MAP<ANY>",
                "workspace", "STRING"));
    assertThat(required(module)).containsExactlyInAnyOrder("source");
    assertThat(defaults(module)).isEmpty();
    assertThat(module.immutableProperties()).isEmpty();
    assertThat(module.exactlyOneOf()).isEmpty();
    assertThat(module.outputs()).isEmpty();
    assertThat(module.dynamicOutputs()).as("every Terraform output by name").isTrue();
  }

  @Test
  void everyTypePropertyAndSettingIsDescribed() {
    ProviderSchema terraform = registry.provider("terraform").orElseThrow();
    terraform.settings().forEach(setting -> assertThat(setting.description()).isNotBlank());
    for (ResourceTypeSchema type : terraform.resourceTypes()) {
      assertThat(type.description()).isNotBlank();
      type.properties()
          .values()
          .forEach(property -> assertThat(property.description()).as(property.name()).isNotBlank());
    }
  }

  @Test
  void referenceDocsListEveryPropertyAsTheSchemaDeclaresIt() throws IOException {
    String page = Files.readString(Path.of("../../docs/providers/terraform.md"));
    for (ResourceTypeSchema type : registry.provider("terraform").orElseThrow().resourceTypes()) {
      assertThat(documentedProperties(page, type.type()))
          .as("docs/providers/terraform.md, " + type.type())
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
    return property.required() ? "yes" : "no";
  }
}
