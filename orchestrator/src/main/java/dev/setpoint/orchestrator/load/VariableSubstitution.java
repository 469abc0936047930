package dev.setpoint.orchestrator.load;

import dev.setpoint.orchestrator.load.YamlNode.Entry;
import dev.setpoint.orchestrator.load.YamlNode.Mapping;
import dev.setpoint.orchestrator.load.YamlNode.Scalar;
import dev.setpoint.orchestrator.load.YamlNode.Sequence;
import dev.setpoint.orchestrator.model.Reference;
import dev.setpoint.orchestrator.model.ReferenceException;
import dev.setpoint.orchestrator.model.Template;
import dev.setpoint.orchestrator.model.Template.Ref;
import dev.setpoint.orchestrator.model.TemplateSyntaxException;
import dev.setpoint.orchestrator.model.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts variable values in place of {@code ${var.NAME}} in a node tree, keeping locations, so the
 * values are type-checked like literals; references to outputs stay for the run to resolve.
 */
final class VariableSubstitution {

  private final Map<String, Object> variables;
  private final Diagnostics diagnostics;

  VariableSubstitution(Map<String, Object> variables, Diagnostics diagnostics) {
    this.variables = variables;
    this.diagnostics = diagnostics;
  }

  /** The node with variables substituted; a whole-value reference keeps the variable's type. */
  YamlNode apply(YamlNode node) {
    if (node instanceof Mapping mapping) {
      List<Entry> entries = new ArrayList<>();
      for (Entry entry : mapping.entries()) {
        entries.add(new Entry(entry.key(), entry.keyLocation(), apply(entry.value())));
      }
      return new Mapping(entries, mapping.location());
    }
    if (node instanceof Sequence sequence) {
      List<YamlNode> items = new ArrayList<>();
      sequence.items().forEach(item -> items.add(apply(item)));
      return new Sequence(items, sequence.location());
    }
    Scalar scalar = (Scalar) node;
    Optional<Template> template = parse(scalar, diagnostics);
    if (template.isEmpty()
        || !template.get().hasReferences()
        || hasUnknownVariable(scalar, template.get())) {
      return scalar;
    }
    try {
      Object value =
          Templates.substitute(
              scalar.value(), ref -> ref.isVariable() ? variables.get(ref.name()) : null);
      boolean wholeVariable =
          template.get().wholeReference().map(Reference::isVariable).orElse(false);
      return wholeVariable
          ? YamlNode.fromPlain(value, scalar.location())
          : new Scalar(value, scalar.quoted(), scalar.location());
    } catch (ReferenceException missing) {
      diagnostics.error(scalar.location(), missing.getMessage());
      return scalar;
    }
  }

  private boolean hasUnknownVariable(Scalar scalar, Template template) {
    boolean unknown = false;
    for (Template.Part part : template.parts()) {
      if (part instanceof Ref ref
          && ref.reference().isVariable()
          && !variables.containsKey(ref.reference().name())) {
        unknown = true;
        diagnostics.error(
            scalar.at(ref.offset()),
            "unknown variable \""
                + ref.reference().name()
                + "\""
                + Suggestions.didYouMean(ref.reference().name(), variables.keySet()));
      }
    }
    return unknown;
  }

  /** The template of a string scalar with {@code ${}; a syntax error is reported. */
  static Optional<Template> parse(Scalar scalar, Diagnostics diagnostics) {
    if (!(scalar.value() instanceof String text) || !text.contains("${")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Templates.parse(text));
    } catch (TemplateSyntaxException invalid) {
      diagnostics.error(scalar.at(invalid.offset()), invalid.getMessage());
      return Optional.empty();
    }
  }
}
