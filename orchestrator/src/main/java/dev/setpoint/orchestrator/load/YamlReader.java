package dev.setpoint.orchestrator.load;

import dev.setpoint.orchestrator.load.YamlNode.Entry;
import dev.setpoint.orchestrator.model.SourceLocation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads one YAML document into {@link YamlNode}s with line and column kept, reporting syntax errors
 * and duplicate keys as diagnostics. YAML 1.2 core schema: {@code yes} and {@code no} are strings,
 * not booleans.
 */
public final class YamlReader {

  private YamlReader() {}

  /** The document of a file, or empty when it has errors (reported) or is empty (reported). */
  public static Optional<YamlNode> read(String path, String text, Diagnostics diagnostics) {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(path)
            .setSchema(new CoreSchema())
            .setMaxAliasesForCollections(100)
            .build();
    List<Node> documents = new ArrayList<>();
    try {
      new Compose(settings).composeAllFromString(text).forEach(documents::add);
    } catch (MarkedYamlEngineException syntax) {
      diagnostics.error(
          location(path, syntax.getProblemMark().or(syntax::getContextMark)),
          "YAML syntax: " + syntax.getProblem());
      return Optional.empty();
    } catch (YamlEngineException syntax) {
      diagnostics.error(SourceLocation.startOf(path), "YAML syntax: " + syntax.getMessage());
      return Optional.empty();
    }
    if (documents.isEmpty()) {
      diagnostics.error(SourceLocation.startOf(path), "the file is empty");
      return Optional.empty();
    }
    if (documents.size() > 1) {
      diagnostics.error(
          location(path, documents.get(1).getStartMark()),
          "a definition file holds one YAML document; remove the second \"---\"");
    }
    return Optional.of(new Converter(path, diagnostics).convert(documents.get(0)));
  }

  static SourceLocation location(String path, Optional<Mark> mark) {
    return mark.map(m -> new SourceLocation(path, m.getLine() + 1, m.getColumn() + 1))
        .orElse(SourceLocation.startOf(path));
  }

  /** Turns snakeyaml nodes into ours; aliases share converted nodes. */
  private static final class Converter {
    private final String path;
    private final Diagnostics diagnostics;
    private final Map<Node, YamlNode> converted = new IdentityHashMap<>();

    Converter(String path, Diagnostics diagnostics) {
      this.path = path;
      this.diagnostics = diagnostics;
    }

    YamlNode convert(Node node) {
      YamlNode done = converted.get(node);
      if (done != null) {
        return done;
      }
      SourceLocation where = location(path, node.getStartMark());
      YamlNode result;
      if (node instanceof ScalarNode scalar) {
        result =
            new YamlNode.Scalar(
                typed(scalar, where), scalar.getScalarStyle() != ScalarStyle.PLAIN, where);
      } else if (node instanceof SequenceNode sequence) {
        List<YamlNode> items = new ArrayList<>();
        sequence.getValue().forEach(item -> items.add(convert(item)));
        result = new YamlNode.Sequence(items, where);
      } else {
        result = mapping((MappingNode) node, where);
      }
      converted.put(node, result);
      return result;
    }

    private YamlNode mapping(MappingNode node, SourceLocation where) {
      List<Entry> entries = new ArrayList<>();
      Map<String, SourceLocation> seen = new HashMap<>();
      for (NodeTuple tuple : node.getValue()) {
        SourceLocation keyLocation = location(path, tuple.getKeyNode().getStartMark());
        if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
          diagnostics.error(keyLocation, "a key must be a plain name, not a list or a map");
          continue;
        }
        String key = keyNode.getValue();
        SourceLocation first = seen.putIfAbsent(key, keyLocation);
        if (first != null) {
          diagnostics.error(
              keyLocation, "duplicate key \"" + key + "\" (first at line " + first.line() + ")");
          continue;
        }
        entries.add(new Entry(key, keyLocation, convert(tuple.getValueNode())));
      }
      return new YamlNode.Mapping(entries, where);
    }

    private Object typed(ScalarNode scalar, SourceLocation where) {
      String text = scalar.getValue();
      Tag tag = scalar.getTag();
      try {
        if (Tag.NULL.equals(tag)) {
          return null;
        }
        if (Tag.BOOL.equals(tag)) {
          return Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT));
        }
        if (Tag.INT.equals(tag)) {
          return integer(text);
        }
        if (Tag.FLOAT.equals(tag)) {
          return floating(text);
        }
      } catch (NumberFormatException unreadable) {
        diagnostics.error(where, "cannot read \"" + text + "\" as a number");
      }
      return text;
    }

    private static Object integer(String text) {
      String digits = text.replace("_", "");
      BigInteger value;
      if (digits.startsWith("0x")) {
        value = new BigInteger(digits.substring(2), 16);
      } else if (digits.startsWith("0o")) {
        value = new BigInteger(digits.substring(2), 8);
      } else {
        value = new BigInteger(digits);
      }
      return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private static Object floating(String text) {
      return switch (text.toLowerCase(java.util.Locale.ROOT)) {
        case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
        case "-.inf" -> Double.NEGATIVE_INFINITY;
        case ".nan" -> Double.NaN;
        default -> Double.parseDouble(text);
      };
    }
  }
}
