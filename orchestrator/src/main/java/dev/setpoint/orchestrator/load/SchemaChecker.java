package dev.setpoint.orchestrator.load;

import dev.setpoint.orchestrator.load.YamlNode.Entry;
import dev.setpoint.orchestrator.load.YamlNode.Mapping;
import dev.setpoint.orchestrator.load.YamlNode.Scalar;
import dev.setpoint.orchestrator.load.YamlNode.Sequence;
import dev.setpoint.orchestrator.model.Cidr;
import dev.setpoint.orchestrator.model.Durations;
import dev.setpoint.orchestrator.model.Template;
import dev.setpoint.orchestrator.model.TemplateSyntaxException;
import dev.setpoint.orchestrator.model.Templates;
import dev.setpoint.orchestrator.model.Values;
import dev.setpoint.orchestrator.schema.PropertySchema;
import dev.setpoint.orchestrator.schema.PropertyType;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Checks YAML nodes against {@link PropertySchema}s: unknown and missing fields, value types, enum
 * values, CIDR blocks, durations and (through a callback) paths. A value that references a resource
 * output is known only at run time, so its type is not checked here.
 */
final class SchemaChecker {

  private final Diagnostics diagnostics;
  private final Consumer<Scalar> pathCheck;

  SchemaChecker(Diagnostics diagnostics, Consumer<Scalar> pathCheck) {
    this.diagnostics = diagnostics;
    this.pathCheck = pathCheck;
  }

  /**
   * Checks the fields of a map.
   *
   * @param owner how messages name the map, as {@code "aws:ec2/Vpc properties"}
   */
  void checkFields(Mapping node, Map<String, PropertySchema> fields, String owner) {
    for (Entry entry : node.entries()) {
      PropertySchema field = fields.get(entry.key());
      if (field == null) {
        diagnostics.error(
            entry.keyLocation(),
            "unknown field \""
                + entry.key()
                + "\" in "
                + owner
                + Suggestions.didYouMean(entry.key(), fields.keySet()));
      } else {
        checkValue(entry.value(), field);
      }
    }
    for (PropertySchema field : fields.values()) {
      if (field.required() && node.get(field.name()).isEmpty()) {
        diagnostics.error(
            node.location(), "missing required field \"" + field.name() + "\" in " + owner);
      }
    }
  }

  void checkValue(YamlNode node, PropertySchema schema) {
    if (node instanceof Scalar scalar) {
      checkScalar(scalar, schema);
    } else if (node instanceof Sequence sequence) {
      if (schema.type() == PropertyType.LIST) {
        if (schema.items() != null) {
          sequence.items().forEach(item -> checkValue(item, schema.items()));
        }
      } else if (!accepts(schema.type(), sequence)) {
        mismatch(node, schema, "a list");
      }
    } else {
      Mapping mapping = (Mapping) node;
      switch (schema.type()) {
        case OBJECT -> checkFields(mapping, schema.fields(), owner(schema, mapping));
        case MAP -> {
          if (schema.items() != null) {
            mapping.entries().forEach(entry -> checkValue(entry.value(), schema.items()));
          }
        }
        default -> {
          if (!accepts(schema.type(), mapping)) {
            mismatch(node, schema, "a map");
          }
        }
      }
    }
  }

  /** {@code resource "vpc"} for a map with a name, else the field's name in quotes. */
  private static String owner(PropertySchema schema, Mapping mapping) {
    return mapping
        .get("name")
        .filter(Scalar.class::isInstance)
        .map(name -> ((Scalar) name).value())
        .filter(String.class::isInstance)
        .map(name -> schema.name() + " \"" + name + "\"")
        .orElse("\"" + schema.name() + "\"");
  }

  private static boolean accepts(PropertyType type, YamlNode node) {
    return type == PropertyType.ANY || type == PropertyType.PATH_OR_INLINE;
  }

  private void checkScalar(Scalar scalar, PropertySchema schema) {
    Object value = scalar.value();
    if (value == null) {
      if (schema.required()) {
        diagnostics.error(scalar.location(), "\"" + schema.name() + "\" needs a value");
      }
      return;
    }
    if (value instanceof String text && text.contains("${")) {
      Template template;
      try {
        template = Templates.parse(text);
      } catch (TemplateSyntaxException invalid) {
        return; // the reference checks report the syntax error
      }
      if (template.hasReferences()) {
        checkRuntimeValue(scalar, schema, template);
        return;
      }
    }
    switch (schema.type()) {
      case ANY -> {}
      case STRING, PATH, PATH_OR_INLINE -> {
        if (!(value instanceof String)) {
          diagnostics.error(
              scalar.location(),
              "\""
                  + schema.name()
                  + "\" must be a string, not "
                  + Values.kindOf(value)
                  + " (quote it: \""
                  + value
                  + "\")");
        } else if (schema.type() != PropertyType.STRING) {
          pathCheck.accept(scalar);
        }
      }
      case INTEGER -> {
        if (!(value instanceof Long || value instanceof BigInteger)) {
          mismatch(scalar, schema, Values.kindOf(value));
        }
      }
      case NUMBER -> {
        if (!(value instanceof Number)) {
          mismatch(scalar, schema, Values.kindOf(value));
        }
      }
      case BOOLEAN -> {
        if (!(value instanceof Boolean)) {
          mismatch(scalar, schema, Values.kindOf(value) + " (write true or false)");
        }
      }
      case CIDR -> {
        if (value instanceof String text) {
          Cidr.problem(text).ifPresent(problem -> diagnostics.error(scalar.location(), problem));
        } else {
          mismatch(scalar, schema, Values.kindOf(value));
        }
      }
      case DURATION -> {
        if (!(value instanceof String text) || Durations.parse(text).isEmpty()) {
          diagnostics.error(
              scalar.location(),
              "invalid duration \""
                  + value
                  + "\" for \""
                  + schema.name()
                  + "\": write a number and a unit, as 90s, 5m or 1h30m");
        }
      }
      case ENUM -> {
        if (!(value instanceof String text) || !schema.allowedValues().contains(text)) {
          diagnostics.error(
              scalar.location(),
              "invalid value \""
                  + value
                  + "\" for \""
                  + schema.name()
                  + "\": one of "
                  + String.join(", ", schema.allowedValues())
                  + Suggestions.didYouMean(String.valueOf(value), schema.allowedValues()));
        }
      }
      case LIST, MAP, OBJECT -> mismatch(scalar, schema, Values.kindOf(value));
    }
  }

  /** A value with a reference to another resource is checked when the run resolves it. */
  private void checkRuntimeValue(Scalar scalar, PropertySchema schema, Template template) {
    if (schema.type() == PropertyType.PATH || schema.type() == PropertyType.PATH_OR_INLINE) {
      diagnostics.error(
          scalar.location(),
          "\"" + schema.name() + "\" is a path in the repository and cannot reference a resource");
      return;
    }
    boolean textual =
        switch (schema.type()) {
          case STRING, CIDR, ANY -> true;
          default -> false;
        };
    if (template.wholeReference().isEmpty() && !textual) {
      mismatch(scalar, schema, "text with references (a whole-value reference keeps its type)");
    }
  }

  private void mismatch(YamlNode node, PropertySchema schema, String actual) {
    diagnostics.error(
        node.location(),
        "\"" + schema.name() + "\" must be " + describe(schema) + ", not " + actual);
  }

  private static String describe(PropertySchema schema) {
    if (schema.type() == PropertyType.LIST && schema.items() != null) {
      return "a list of " + plural(schema.items().type());
    }
    return schema.type().displayName();
  }

  private static String plural(PropertyType type) {
    return switch (type) {
      case OBJECT, MAP -> "maps";
      case CIDR -> "CIDR blocks";
      case ANY -> "values";
      default -> type.name().toLowerCase(java.util.Locale.ROOT) + "s";
    };
  }

  /** The template of a string scalar that still holds references after variables went in. */
  static Optional<Template> runtimeTemplate(Scalar scalar) {
    if (!(scalar.value() instanceof String text) || !text.contains("${")) {
      return Optional.empty();
    }
    try {
      Template template = Templates.parse(text);
      return template.hasReferences() ? Optional.of(template) : Optional.empty();
    } catch (TemplateSyntaxException invalid) {
      return Optional.empty();
    }
  }
}
