package dev.setpoint.orchestrator.schema;

/** The kinds of value a property can hold; the validator checks each. */
public enum PropertyType {
  STRING,
  INTEGER,
  /** An integer or a decimal number. */
  NUMBER,
  BOOLEAN,
  /** An IPv4 CIDR block such as {@code 10.0.0.0/16}. */
  CIDR,
  /** A duration such as {@code 90s}, {@code 5m} or {@code 1h30m}. */
  DURATION,
  /** One of {@link PropertySchema#allowedValues()}. */
  ENUM,
  /** A file or folder in the repository, relative to the file that names it. */
  PATH,
  /** A path (when a string) or an inline value (a map or a list). */
  PATH_OR_INLINE,
  /** A list whose items follow {@link PropertySchema#items()}. */
  LIST,
  /** A map with free keys whose values follow {@link PropertySchema#items()}. */
  MAP,
  /** A map with the fixed fields of {@link PropertySchema#fields()}. */
  OBJECT,
  /** Any YAML value. */
  ANY;

  /** How the type reads in an error message and in the reference docs. */
  public String displayName() {
    return switch (this) {
      case STRING -> "a string";
      case INTEGER -> "an integer";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case CIDR -> "a CIDR block";
      case DURATION -> "a duration";
      case ENUM -> "one of the listed values";
      case PATH -> "a path";
      case PATH_OR_INLINE -> "a path or an inline value";
      case LIST -> "a list";
      case MAP, OBJECT -> "a map";
      case ANY -> "any value";
    };
  }
}
