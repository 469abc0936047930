package dev.setpoint.orchestrator.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one property (or a field of an object property) may hold.
 *
 * @param required the definition must set it
 * @param defaultValue the value a provider assumes when the definition does not set it, or null
 * @param immutable a change needs the resource replaced ({@code allowReplace})
 * @param items the schema of list items or map values, for LIST and MAP
 * @param fields the fields of an OBJECT, in documentation order
 * @param allowedValues the values of an ENUM
 * @param description one sentence for the reference docs
 */
public record PropertySchema(
    String name,
    PropertyType type,
    boolean required,
    Object defaultValue,
    boolean immutable,
    PropertySchema items,
    Map<String, PropertySchema> fields,
    List<String> allowedValues,
    String description) {

  public PropertySchema {
    fields =
        fields == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
    description = description == null ? "" : description;
  }

  public static Builder builder(String name, PropertyType type) {
    return new Builder(name, type);
  }

  /** Short forms for the common cases. */
  public static PropertySchema optional(String name, PropertyType type, String description) {
    return builder(name, type).description(description).build();
  }

  public static PropertySchema required(String name, PropertyType type, String description) {
    return builder(name, type).required().description(description).build();
  }

  /** Builds a schema; a fluent builder keeps the declarations in provider modules readable. */
  public static final class Builder {
    private final String name;
    private final PropertyType type;
    private boolean required;
    private Object defaultValue;
    private boolean immutable;
    private PropertySchema items;
    private final Map<String, PropertySchema> fields = new LinkedHashMap<>();
    private List<String> allowedValues = List.of();
    private String description = "";

    private Builder(String name, PropertyType type) {
      this.name = name;
      this.type = type;
    }

    public Builder required() {
      this.required = true;
      return this;
    }

    public Builder defaultValue(Object value) {
      this.defaultValue = value;
      return this;
    }

    public Builder immutable() {
      this.immutable = true;
      return this;
    }

    public Builder items(PropertySchema items) {
      this.items = items;
      return this;
    }

    public Builder items(PropertyType type) {
      this.items = new Builder("item", type).build();
      return this;
    }

    public Builder field(PropertySchema field) {
      this.fields.put(field.name(), field);
      return this;
    }

    public Builder allowedValues(String... values) {
      this.allowedValues = List.of(values);
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public PropertySchema build() {
      return new PropertySchema(
          name, type, required, defaultValue, immutable, items, fields, allowedValues, description);
    }
  }
}
