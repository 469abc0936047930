package dev.setpoint.provider.ansible;

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

/** The Ansible schema is exactly SPEC §2: a playbook, its inventory and vars, dynamic outputs. */
class AnsibleSchemaTest {

  private final SchemaRegistry registry = SchemaRegistry.load();

  @Test
  void serviceLoaderFindsTheAnsibleProviderWithItsSettings() {
    assertThat(registry.providerNames()).containsExactly("ansible");
    ProviderSchema ansible = registry.provider("ansible").orElseThrow();
    assertThat(ansible).isInstanceOf(AnsibleSchema.class);
    assertThat(shapes(ansible.settings())).isEqualTo(Map.of("binary", "STRING"));
    assertThat(registry.typeNames()).containsExactly("ansible:Playbook");
  }

  @Test
  void playbook() {
    ResourceTypeSchema playbook = registry.type("ansible:Playbook").orElseThrow();
    assertThat(shapes(List.copyOf(playbook.properties().values())))
        .isEqualTo(
            Map.of(
                "playbook", "PATH",
                "inventory", "PATH_OR_INLINE",
                "extraVars", "MAP<ANY>",
                "limit", "STRING",
                "tags", "LIST<STRING>"));
    assertThat(required(playbook)).containsExactlyInAnyOrder("playbook");
    assertThat(defaults(playbook))
        .as("the localhost inventory is a behaviour, not a value to fill in")
        .isEmpty();
    assertThat(playbook.immutableProperties()).isEmpty();
    assertThat(playbook.exactlyOneOf()).isEmpty();
    assertThat(playbook.outputs()).isEmpty();
    assertThat(playbook.dynamicOutputs()).as("the playbook's set_stats data").isTrue();
  }

  @Test
  void everyTypePropertyAndSettingIsDescribed() {
    ProviderSchema ansible = registry.provider("ansible").orElseThrow();
    ansible.settings().forEach(setting -> assertThat(setting.description()).isNotBlank());
    for (ResourceTypeSchema type : ansible.resourceTypes()) {
      assertThat(type.description()).isNotBlank();
      type.properties()
          .values()
          .forEach(property -> assertThat(property.description()).as(property.name()).isNotBlank());
    }
  }

  @Test
  void referenceDocsListEveryPropertyAsTheSchemaDeclaresIt() throws IOException {
    String page = Files.readString(Path.of("../../docs/providers/ansible.md"));
    for (ResourceTypeSchema type : registry.provider("ansible").orElseThrow().resourceTypes()) {
      assertThat(documentedProperties(page, type.type()))
          .as("docs/providers/ansible.md, " + type.type())
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
