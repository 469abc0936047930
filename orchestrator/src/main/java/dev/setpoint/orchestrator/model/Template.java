package dev.setpoint.orchestrator.model;

import java.util.List;
import java.util.Optional;

/**
 * A string value parsed into literal text and references. {@code $${} in the source is the
 * literal {@code ${} and is already unescaped in {@link Literal}.
 */
public record Template(List<Part> parts) {

  public Template {
    parts = List.copyOf(parts);
  }

  /** A piece of a template. */
  public sealed interface Part permits Literal, Ref {}

  /** Plain text, unescaped. */
  public record Literal(String text) implements Part {}

  /** A reference, and the 0-based offset of its {@code $} in the source string. */
  public record Ref(Reference reference, int offset) implements Part {}

  /** The single reference this template is made of, when the value is exactly one reference. */
  public Optional<Reference> wholeReference() {
    if (parts.size() == 1 && parts.get(0) instanceof Ref ref) {
      return Optional.of(ref.reference());
    }
    return Optional.empty();
  }

  public boolean hasReferences() {
    return parts.stream().anyMatch(Ref.class::isInstance);
  }

  public List<Reference> references() {
    return parts.stream()
        .filter(Ref.class::isInstance)
        .map(part -> ((Ref) part).reference())
        .toList();
  }

  /** The literal text when there is no reference, escaped again so it can be parsed anew. */
  public static String escape(String literal) {
    return literal.replace("${", "$${");
  }
}
