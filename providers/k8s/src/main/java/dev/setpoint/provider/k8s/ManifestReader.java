package dev.setpoint.provider.k8s;

import dev.setpoint.orchestrator.git.SourceTree;
import dev.setpoint.orchestrator.load.EnvironmentLoader;
import dev.setpoint.orchestrator.model.Reference;
import dev.setpoint.orchestrator.model.ReferenceException;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.model.Templates;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ProviderException;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The manifests of a {@code kubernetes:Manifests} resource, as plain data: inline, or read from the
 * run's commit (a file, or a folder's {@code .yaml}, {@code .yml} and {@code .json} files in sorted
 * order, each possibly holding several documents), with the references in the files resolved.
 */
final class ManifestReader {

  /** Files read recently, by text; a few, and none larger than this, to bound the memory held. */
  private static final int CACHED_FILES = 8;

  private static final int MAX_CACHED_CHARS = 1 << 20;

  private static final Map<String, List<Object>> PARSED =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<Object>> eldest) {
              return size() > CACHED_FILES;
            }
          });

  private ManifestReader() {}

  /** Each object in declaration order; {@code kind: List} documents are flattened. */
  static List<Map<String, Object>> read(ResourceSpec spec, ProviderContext context) {
    Object inline = spec.properties().get("manifests");
    List<Map<String, Object>> objects = new ArrayList<>();
    if (inline instanceof List<?> items) {
      int index = 0;
      for (Object item : items) {
        add(objects, item, spec.name() + ": manifests[" + index++ + "]");
      }
      return objects;
    }
    Object path = spec.properties().get("path");
    if (!(path instanceof String location)) {
      throw ProviderException.invalid(spec.name() + ": set path or manifests");
    }
    SourceTree tree = context.sourceTree();
    if (tree == null) {
      throw ProviderException.invalid(
          spec.name() + ": the manifest files are needed but the step has no source tree");
    }
    Map<?, ?> references =
        spec.properties().get(ResourceTypeSchema.FILE_REFERENCES) instanceof Map<?, ?> m
            ? m
            : Map.of();
    for (String file : files(tree, location, spec)) {
      String text;
      try {
        text = tree.read(file);
      } catch (UncheckedIOException unreadable) {
        throw ProviderException.invalid(
            spec.name() + ": cannot read " + file + " in " + tree.describe(), unreadable);
      }
      List<Object> documents;
      try {
        documents = parse(text);
      } catch (YamlEngineException syntax) {
        throw ProviderException.invalid(
            file + ": not valid YAML or JSON: " + syntax.getMessage(), syntax);
      }
      int document = 0;
      for (Object loaded : documents) {
        document++;
        if (loaded == null) {
          continue;
        }
        String where = file + (document > 1 ? " (document " + document + ")" : "");
        Object resolved;
        try {
          resolved = Templates.resolve(loaded, reference -> lookup(references, reference));
        } catch (ReferenceException unresolved) {
          throw ProviderException.invalid(where + ": " + unresolved.getMessage(), unresolved);
        }
        add(objects, resolved, where);
      }
    }
    return objects;
  }

  /**
   * The documents of a file's text, parsed once for the observe and the apply of a run: parsing was
   * most of the handler's own time in reading 1,000 manifests. Shared, so never changed: {@link
   * Templates#resolve} copies what it resolves.
   */
  static List<Object> parse(String text) {
    if (text.length() > MAX_CACHED_CHARS) {
      return load(text);
    }
    List<Object> documents = PARSED.get(text);
    if (documents == null) {
      documents = load(text);
      PARSED.put(text, documents);
    }
    return documents;
  }

  private static List<Object> load(String text) {
    List<Object> documents = new ArrayList<>();
    new Load(LoadSettings.builder().build()).loadAllFromString(text).forEach(documents::add);
    return Collections.unmodifiableList(documents);
  }

  private static Object lookup(Map<?, ?> references, Reference reference) {
    String root =
        reference.isVariable()
            ? "var." + reference.name()
            : reference.resource().value() + "." + reference.name();
    return references.get(root);
  }

  private static List<String> files(SourceTree tree, String location, ResourceSpec spec) {
    return switch (tree.kind(location)) {
      case FILE -> List.of(location);
      case DIRECTORY ->
          tree.list(location).stream()
              .filter(EnvironmentLoader::isYamlOrJson)
              .filter(file -> tree.kind(file) == SourceTree.Kind.FILE)
              .sorted()
              .toList();
      case MISSING ->
          throw ProviderException.invalid(
              spec.name() + ": path " + location + " is not in " + tree.describe());
    };
  }

  @SuppressWarnings("unchecked")
  private static void add(List<Map<String, Object>> objects, Object document, String where) {
    if (!(document instanceof Map<?, ?> map)) {
      throw ProviderException.invalid(where + ": a manifest is a map with apiVersion and kind");
    }
    if ("List".equals(map.get("kind")) && map.get("items") instanceof List<?> items) {
      int index = 0;
      for (Object item : items) {
        add(objects, item, where + " items[" + index++ + "]");
      }
      return;
    }
    Map<String, Object> object = (Map<String, Object>) deepCopy(map);
    if (object.get("apiVersion") == null || object.get("kind") == null) {
      throw ProviderException.invalid(where + ": a manifest needs apiVersion and kind");
    }
    String kind = text(where, "kind", object.get("kind"));
    text(where + ": " + kind, "apiVersion", object.get("apiVersion"));
    if (!(object.get("metadata") instanceof Map<?, ?> metadata)
        || metadata.get("name") == null
        || metadata.get("name") instanceof String blank && blank.isBlank()) {
      throw ProviderException.invalid(
          where + ": " + kind + " needs metadata.name (generateName is not supported)");
    }
    String name = text(where + ": " + kind, "metadata.name", metadata.get("name"));
    String named = where + ": " + kind + "/" + name;
    if (metadata.get("namespace") != null) {
      text(named, "metadata.namespace", metadata.get("namespace"));
    }
    for (String field : List.of("labels", "annotations")) {
      if (metadata.get(field) != null && !(metadata.get(field) instanceof Map)) {
        throw ProviderException.invalid(
            named + ": metadata." + field + " must be a map of names to strings");
      }
    }
    objects.add(object);
  }

  /**
   * A field that must be a string: YAML reads {@code namespace: 2024} as a number, which the API
   * server refuses, so say which object and field and how to fix it rather than fail in a cast.
   */
  private static String text(String where, String field, Object value) {
    if (value instanceof String string) {
      return string;
    }
    throw ProviderException.invalid(
        where
            + ": "
            + field
            + " must be a string, not "
            + (value instanceof Map ? "a map" : value instanceof List ? "a list" : value)
            + (value instanceof Map || value instanceof List
                ? ""
                : ": quote it (\"" + value + "\")"));
  }

  /** A mutable copy with String keys, so labels and namespaces can be filled in. */
  static Object deepCopy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(deepCopy(item)));
      return copy;
    }
    return value;
  }
}
