package dev.setpoint.orchestrator.testing;

import static java.util.stream.Collectors.joining;
import static java.util.stream.Collectors.toMap;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.schema.PropertySchema;
import dev.setpoint.orchestrator.schema.PropertyType;
import dev.setpoint.orchestrator.schema.ProviderSchema;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the provider schema tests read off a schema and its reference page, in forms plain enough to
 * compare with the spec: names, shapes as strings, documentation table cells.
 */
public final class SchemaFacts {

  private SchemaFacts() {}

  /** The names of the type's properties marked required (exactlyOneOf groups are not). */
  public static Set<String> required(ResourceTypeSchema type) {
    return type.properties().values().stream()
        .filter(PropertySchema::required)
        .map(PropertySchema::name)
        .collect(toSet());
  }

  /** Each property of the type that has a default, to that default. */
  public static Map<String, Object> defaults(ResourceTypeSchema type) {
    return type.properties().values().stream()
        .filter(property -> property.defaultValue() != null)
        .collect(toMap(PropertySchema::name, PropertySchema::defaultValue));
  }

  /** Each property of the type to its {@link #shape shape}. */
  public static Map<String, String> shapes(ResourceTypeSchema type) {
    return shapes(List.copyOf(type.properties().values()));
  }

  /** Each property (or provider setting) to its {@link #shape shape}. */
  public static Map<String, String> shapes(List<PropertySchema> properties) {
    Map<String, String> shapes = new TreeMap<>();
    properties.forEach(property -> shapes.put(property.name(), shape(property)));
    return shapes;
  }

  /**
   * A property's type spelled out with item and field types, a required field marked {@code name!}:
   * {@code LIST<CIDR>}, {@code OBJECT{protocol!: STRING, fromPort: INTEGER}}.
   */
  public static String shape(PropertySchema property) {
    return switch (property.type()) {
      case LIST, MAP -> property.type() + "<" + shape(property.items()) + ">";
      case OBJECT ->
          property.fields().values().stream()
              .map(field -> field.name() + (field.required() ? "!" : "") + ": " + shape(field))
              .collect(joining(", ", "OBJECT{", "}"));
      default -> property.type().name();
    };
  }

  /**
   * Asserts that the provider's settings, its types, and every property of those types, with the
   * fields of object properties and object items, have a description.
   */
  public static void assertEverythingDescribed(ProviderSchema provider) {
    provider
        .settings()
        .forEach(setting -> assertThat(setting.description()).as(setting.name()).isNotBlank());
    for (ResourceTypeSchema type : provider.resourceTypes()) {
      assertThat(type.description()).as(type.type()).isNotBlank();
      type.properties().values().stream()
          .flatMap(SchemaFacts::describedParts)
          .forEach(
              part ->
                  assertThat(part.description()).as(type.type() + " " + part.name()).isNotBlank());
    }
  }

  /** A property and the object items and fields inside it: the parts the docs describe. */
  public static Stream<PropertySchema> describedParts(PropertySchema property) {
    Stream<PropertySchema> inner =
        switch (property.type()) {
          case LIST, MAP -> describedItems(property.items());
          case OBJECT -> property.fields().values().stream().flatMap(SchemaFacts::describedParts);
          default -> Stream.empty();
        };
    return Stream.concat(Stream.of(property), inner);
  }

  /** The described parts of a list's or map's items: none unless the items are objects. */
  private static Stream<PropertySchema> describedItems(PropertySchema items) {
    return items.type() == PropertyType.OBJECT ? describedParts(items) : Stream.empty();
  }

  /**
   * Asserts that the reference page {@code page} (a path from the provider module) has a section
   * for each of the provider's types whose property rows are exactly what the schema declares.
   */
  public static void assertReferenceDocsMatch(ProviderSchema provider, String page)
      throws IOException {
    String text = Files.readString(Path.of(page));
    for (ResourceTypeSchema type : provider.resourceTypes()) {
      assertThat(documentedProperties(text, type.type()))
          .as(page + ", " + type.type())
          .isEqualTo(declaredProperties(type));
    }
  }

  /**
   * The top-level property rows of one type's section in a provider reference page: property name
   * to its "required | default | immutable" cells.
   */
  public static Map<String, String> documentedProperties(String page, String type) {
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

  /** The rows {@link #documentedProperties} must find for the type, as its schema declares them. */
  public static Map<String, String> declaredProperties(ResourceTypeSchema type) {
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

  /**
   * The "required" cell of a property's row: {@code yes}, {@code no}, or for a member of an
   * exactlyOneOf group the whole group, {@code one of `path`, `manifests`}.
   */
  public static String requiredCell(ResourceTypeSchema type, PropertySchema property) {
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
