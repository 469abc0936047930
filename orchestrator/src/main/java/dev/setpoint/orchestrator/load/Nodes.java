package dev.setpoint.orchestrator.load;

import dev.setpoint.orchestrator.load.YamlNode.Mapping;
import dev.setpoint.orchestrator.load.YamlNode.Scalar;
import dev.setpoint.orchestrator.load.YamlNode.Sequence;
import dev.setpoint.orchestrator.model.SourceLocation;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Lenient views of nodes whose shape the schema check has already reported on. */
final class Nodes {

  private Nodes() {}

  static Mapping emptyAt(SourceLocation location) {
    return new Mapping(List.of(), location);
  }

  static Optional<Mapping> mapping(Optional<YamlNode> node) {
    return node.filter(Mapping.class::isInstance).map(Mapping.class::cast);
  }

  static Optional<Scalar> scalar(Optional<YamlNode> node) {
    return node.filter(Scalar.class::isInstance).map(Scalar.class::cast);
  }

  /** The text of a string scalar, or empty. */
  static Optional<String> text(Optional<YamlNode> node) {
    return scalar(node).map(Scalar::value).filter(String.class::isInstance).map(String.class::cast);
  }

  static List<YamlNode> sequence(Optional<YamlNode> node) {
    return node.filter(Sequence.class::isInstance)
        .map(n -> ((Sequence) n).items())
        .orElse(List.of());
  }

  /** Visits every string scalar under a node. */
  static void forEachString(YamlNode node, Consumer<Scalar> action) {
    if (node instanceof Scalar scalar) {
      if (scalar.value() instanceof String) {
        action.accept(scalar);
      }
    } else if (node instanceof Sequence sequence) {
      sequence.items().forEach(item -> forEachString(item, action));
    } else {
      ((Mapping) node).entries().forEach(entry -> forEachString(entry.value(), action));
    }
  }

  static String shapeOf(YamlNode node) {
    return node instanceof Sequence ? "a list" : "a single value";
  }
}
