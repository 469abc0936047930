package dev.setpoint.orchestrator.load;

import dev.setpoint.orchestrator.model.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A YAML value that remembers where it was written, so every error can point at it. */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {

  SourceLocation location();

  /** The plain value: String, Long, Double, Boolean, null, List or Map. */
  Object toPlain();

  /**
   * A scalar with its typed value (YAML 1.2 core schema).
   *
   * @param quoted written in quotes, so a column inside it is one further than its offset
   */
  record Scalar(Object value, boolean quoted, SourceLocation location) implements YamlNode {
    @Override
    public Object toPlain() {
      return value;
    }

    public boolean isString() {
      return value instanceof String;
    }

    /** The location of a character of a one-line scalar's text. */
    public SourceLocation at(int offset) {
      return new SourceLocation(
          location.path(), location.line(), location.column() + offset + (quoted ? 1 : 0));
    }
  }

  /** A list. */
  record Sequence(List<YamlNode> items, SourceLocation location) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public Object toPlain() {
      List<Object> plain = new ArrayList<>(items.size());
      items.forEach(item -> plain.add(item.toPlain()));
      return plain;
    }
  }

  /** A map with string keys, in written order. */
  record Mapping(List<Entry> entries, SourceLocation location) implements YamlNode {
    public Mapping {
      entries = List.copyOf(entries);
    }

    @Override
    public Object toPlain() {
      Map<String, Object> plain = new LinkedHashMap<>();
      entries.forEach(entry -> plain.put(entry.key(), entry.value().toPlain()));
      return plain;
    }

    public Optional<Entry> entry(String key) {
      for (Entry entry : entries) { // a loop, not a stream: about 20 lookups per resource
        if (entry.key().equals(key)) {
          return Optional.of(entry);
        }
      }
      return Optional.empty();
    }

    public Optional<YamlNode> get(String key) {
      return entry(key).map(Entry::value);
    }

    public List<String> keys() {
      return entries.stream().map(Entry::key).toList();
    }
  }

  /** One key and its value. */
  record Entry(String key, SourceLocation keyLocation, YamlNode value) {}

  /** A node for a plain value that stands where {@code location} is (a substituted variable). */
  static YamlNode fromPlain(Object value, SourceLocation location) {
    if (value instanceof Map<?, ?> map) {
      List<Entry> entries = new ArrayList<>();
      map.forEach(
          (key, item) ->
              entries.add(new Entry(String.valueOf(key), location, fromPlain(item, location))));
      return new Mapping(entries, location);
    }
    if (value instanceof List<?> list) {
      List<YamlNode> items = new ArrayList<>();
      list.forEach(item -> items.add(fromPlain(item, location)));
      return new Sequence(items, location);
    }
    return new Scalar(value, false, location);
  }
}
