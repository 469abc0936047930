package dev.setpoint.orchestrator.load;

import static dev.setpoint.orchestrator.load.Nodes.emptyAt;
import static dev.setpoint.orchestrator.load.Nodes.forEachString;
import static dev.setpoint.orchestrator.load.Nodes.mapping;
import static dev.setpoint.orchestrator.load.Nodes.scalar;
import static dev.setpoint.orchestrator.load.Nodes.sequence;
import static dev.setpoint.orchestrator.load.Nodes.shapeOf;

import dev.setpoint.orchestrator.git.PathOutsideRepositoryException;
import dev.setpoint.orchestrator.git.RepoPaths;
import dev.setpoint.orchestrator.git.SourceTree;
import dev.setpoint.orchestrator.graph.Cycles;
import dev.setpoint.orchestrator.load.YamlNode.Mapping;
import dev.setpoint.orchestrator.load.YamlNode.Scalar;
import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import dev.setpoint.orchestrator.model.Notification;
import dev.setpoint.orchestrator.model.Reference;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceType;
import dev.setpoint.orchestrator.model.SourceLocation;
import dev.setpoint.orchestrator.model.Template;
import dev.setpoint.orchestrator.model.Template.Ref;
import dev.setpoint.orchestrator.model.TemplateSyntaxException;
import dev.setpoint.orchestrator.model.Templates;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads an environment definition from a {@link SourceTree} (one commit, or the working tree): the
 * environment file and its includes, variables substituted, every rule of SPEC §1 "Validation"
 * checked, every error reported in one pass with its file, line and column.
 */
public final class EnvironmentLoader {

  public static final String ENVIRONMENT_FILE = "environment.yaml";

  private final SchemaRegistry schemas;

  public EnvironmentLoader(SchemaRegistry schemas) {
    this.schemas = schemas;
  }

  /**
   * Loads the environment at {@code environmentPath}: an environment file, or a folder holding
   * {@value #ENVIRONMENT_FILE}, repository-relative.
   */
  public LoadResult load(SourceTree tree, String environmentPath) {
    return new Session(tree).run(environmentPath);
  }

  /** Whether a file is read as YAML or JSON: manifests in a folder, for instance. */
  public static boolean isYamlOrJson(String file) {
    String lower = file.toLowerCase(java.util.Locale.ROOT);
    return lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json");
  }

  /** A resource entry and the file it was declared in. */
  private record Declared(Mapping node, String file) {}

  /** A resource whose entry passed the checks, with its properties after variables went in. */
  private record Checked(Declared declared, ResourceName name, YamlNode properties) {}

  /** The state of one load; not shared between loads. */
  private final class Session {
    private final SourceTree tree;
    private final Diagnostics diagnostics = new Diagnostics();
    private final SchemaChecker checker;
    private final Set<String> sourcePaths = new LinkedHashSet<>();
    private final Set<String> loadedFiles = new HashSet<>();
    private final Map<String, YamlNode> variableNodes = new LinkedHashMap<>();
    private final Map<String, Object> variables = new LinkedHashMap<>();
    private final List<Declared> declared = new ArrayList<>();

    /** Per resource, the references found in the files its schema says may hold them. */
    private final Map<String, Map<String, Object>> fileReferences = new LinkedHashMap<>();

    private final PathCheck paths;
    private final VariableSubstitution substitution;

    Session(SourceTree tree) {
      this.tree = tree;
      this.paths = new PathCheck(tree, diagnostics, sourcePaths);
      this.checker = new SchemaChecker(diagnostics, paths);
      this.substitution = new VariableSubstitution(variables, diagnostics);
    }

    LoadResult run(String environmentPath) {
      String file = environmentFile(RepoPaths.resolve("", environmentPath));
      if (file == null) {
        return result(environmentPath, null);
      }
      Optional<Mapping> root = readMapping(file, "an environment file");
      if (root.isEmpty()) {
        return result(file, null);
      }
      checker.checkFields(root.get(), DocumentSchema.ENVIRONMENT.fields(), "the environment file");
      checkHeader(root.get());
      Mapping spec = mapping(root.get().get("spec")).orElse(emptyAt(root.get().location()));
      collect(file, spec, new ArrayDeque<>());
      checkNotifications(spec);
      variableNodes.forEach((name, node) -> variables.put(name, node.toPlain()));
      checkVariablesArePlain();
      List<Checked> resources = checkResources();
      Map<String, ProviderSettingsCheck.Checked> providers =
          new ProviderSettingsCheck(schemas, diagnostics, checker, substitution)
              .check(mapping(spec.get("providers")));
      checkCycles(resources);
      EnvironmentDefinition definition = null;
      if (!diagnostics.hasErrors()) {
        definition =
            new DefinitionBuilder(schemas)
                .build(
                    file,
                    root.get(),
                    spec,
                    variables,
                    providers,
                    resources.stream()
                        .map(
                            c ->
                                new DefinitionBuilder.CheckedResource(
                                    c.declared().node(),
                                    c.name(),
                                    c.properties(),
                                    fileReferences.getOrDefault(c.name().value(), Map.of())))
                        .toList());
      }
      return result(file, definition);
    }

    private LoadResult result(String file, EnvironmentDefinition definition) {
      return new LoadResult(file, definition, diagnostics.all(), List.copyOf(sourcePaths));
    }

    /** The environment file a path names, or null (reported) when there is none. */
    private String environmentFile(String path) {
      SourceTree.Kind kind = paths.kindOf(path, null);
      if (kind == SourceTree.Kind.DIRECTORY) {
        String file = path.isEmpty() ? ENVIRONMENT_FILE : path + "/" + ENVIRONMENT_FILE;
        if (paths.kindOf(file, null) == SourceTree.Kind.FILE) {
          return file;
        }
        diagnostics.error(
            null, "no " + ENVIRONMENT_FILE + " in \"" + path + "\" in the " + tree.describe());
        return null;
      }
      if (kind == SourceTree.Kind.FILE) {
        return path;
      }
      if (kind == SourceTree.Kind.MISSING) {
        diagnostics.error(
            null,
            "\""
                + path
                + "\" is not in the "
                + tree.describe()
                + " (is it committed? --working-tree reads the files on disk)");
      }
      return null;
    }

    private Optional<Mapping> readMapping(String file, String what) {
      loadedFiles.add(file);
      sourcePaths.add(file);
      Optional<YamlNode> document = YamlReader.read(file, tree.read(file), diagnostics);
      if (document.isEmpty()) {
        return Optional.empty();
      }
      if (document.get() instanceof Mapping mapping) {
        return Optional.of(mapping);
      }
      diagnostics.error(
          document.get().location(),
          what + " is a YAML map of fields, not " + shapeOf(document.get()));
      return Optional.empty();
    }

    private void checkHeader(Mapping root) {
      scalar(root.get("apiVersion"))
          .filter(v -> !EnvironmentDefinition.API_VERSION.equals(v.value()))
          .ifPresent(
              v ->
                  diagnostics.error(
                      v.location(),
                      "unsupported apiVersion \""
                          + v.value()
                          + "\": this Setpoint reads "
                          + EnvironmentDefinition.API_VERSION));
      scalar(root.get("kind"))
          .filter(v -> !EnvironmentDefinition.KIND.equals(v.value()))
          .ifPresent(
              v ->
                  diagnostics.error(
                      v.location(),
                      "kind \"" + v.value() + "\" is not " + EnvironmentDefinition.KIND));
      mapping(root.get("metadata"))
          .flatMap(metadata -> scalar(metadata.get("name")))
          .filter(name -> name.value() instanceof String)
          .filter(name -> !EnvironmentDefinition.isValidName((String) name.value()))
          .ifPresent(
              name ->
                  diagnostics.error(
                      name.location(),
                      "invalid environment name \""
                          + name.value()
                          + "\": lower-case letters, digits and '-', starting and ending with a"
                          + " letter or digit, at most "
                          + EnvironmentDefinition.MAX_NAME_LENGTH
                          + " characters"));
    }

    /** A notification names the worker's variable that holds its URL: URLs are secrets. */
    private void checkNotifications(Mapping spec) {
      for (YamlNode item : sequence(spec.get("notifications"))) {
        mapping(Optional.of(item))
            .flatMap(notification -> scalar(notification.get("urlFromEnv")))
            .filter(name -> name.value() instanceof String)
            .filter(name -> !Notification.VARIABLE_NAME.matcher((String) name.value()).matches())
            .ifPresent(
                name ->
                    diagnostics.error(
                        name.location(),
                        "urlFromEnv \""
                            + name.value()
                            + "\" is not an environment variable name: give the name of the"
                            + " worker's variable that holds the URL (webhook URLs are secrets and"
                            + " stay out of Git)"));
      }
    }

    /** Gathers variables and resources of a file and, first, of the files it includes. */
    private void collect(String file, Mapping body, Deque<String> stack) {
      stack.addLast(file);
      for (YamlNode item : sequence(body.get("include"))) {
        if (item instanceof Scalar scalar && scalar.value() instanceof String text) {
          include(scalar, text, stack);
        }
      }
      mapping(body.get("variables"))
          .ifPresent(vars -> vars.entries().forEach(e -> variableNodes.put(e.key(), e.value())));
      for (YamlNode item : sequence(body.get("resources"))) {
        if (item instanceof Mapping resource) {
          declared.add(new Declared(resource, file));
        }
      }
      stack.removeLast();
    }

    private void include(Scalar scalar, String text, Deque<String> stack) {
      String path;
      try {
        path = RepoPaths.resolve(RepoPaths.parent(scalar.location().path()), text);
      } catch (PathOutsideRepositoryException outside) {
        return; // reported by the path check
      }
      if (stack.contains(path)) {
        List<String> cycle = new ArrayList<>(stack);
        cycle = cycle.subList(cycle.indexOf(path), cycle.size());
        diagnostics.error(
            scalar.location(), "include cycle: " + String.join(" -> ", cycle) + " -> " + path);
        return;
      }
      if (loadedFiles.contains(path) || paths.kindOf(path, null) != SourceTree.Kind.FILE) {
        if (paths.kindOf(path, null) == SourceTree.Kind.DIRECTORY) {
          diagnostics.error(scalar.location(), "include \"" + text + "\" is a folder, not a file");
        }
        return; // a file included twice merges once; a missing one is reported by the path check
      }
      Optional<Mapping> included = readMapping(path, "an included file");
      if (included.isPresent()) {
        checker.checkFields(
            included.get(), DocumentSchema.INCLUDED_FILE.fields(), "an included file");
        collect(path, included.get(), stack);
      }
    }

    private void checkVariablesArePlain() {
      variableNodes.values().forEach(node -> forEachString(node, this::rejectReferences));
    }

    private void rejectReferences(Scalar scalar) {
      VariableSubstitution.parse(scalar, diagnostics)
          .filter(Template::hasReferences)
          .ifPresent(
              template ->
                  diagnostics.error(
                      scalar.location(),
                      "variables are plain values and cannot hold references (write $${ for a"
                          + " literal ${)"));
    }

    private List<Checked> checkResources() {
      Map<String, Declared> byName = new LinkedHashMap<>();
      List<Declared> named = new ArrayList<>();
      for (Declared resource : declared) {
        Optional<Scalar> name = scalar(resource.node().get("name"));
        if (name.isEmpty() || !(name.get().value() instanceof String text)) {
          continue; // missing or mistyped: reported by the structure check
        }
        if (!ResourceName.isValid(text)) {
          diagnostics.error(
              name.get().location(),
              "invalid resource name \""
                  + text
                  + "\": lower-case letters, digits and '-', starting and ending with a letter or"
                  + " digit, at most "
                  + ResourceName.MAX_LENGTH
                  + " characters"
                  + (text.equals(ResourceName.RESERVED_VARIABLES) ? " (\"var\" is reserved)" : ""));
          continue;
        }
        Declared first = byName.putIfAbsent(text, resource);
        if (first != null) {
          diagnostics.error(
              name.get().location(),
              "duplicate resource name \""
                  + text
                  + "\" (first defined at "
                  + first.node().location()
                  + ")");
          continue;
        }
        named.add(resource);
      }
      List<Checked> checked = new ArrayList<>();
      for (Declared resource : named) {
        checked.add(checkResource(resource, byName));
      }
      return checked;
    }

    private Checked checkResource(Declared resource, Map<String, Declared> byName) {
      Mapping node = resource.node();
      ResourceName name = new ResourceName((String) scalar(node.get("name")).get().value());
      YamlNode properties = node.get("properties").map(substitution::apply).orElse(null);
      Optional<ResourceTypeSchema> schema = typeOf(node);
      schema.ifPresent(type -> checkProperties(node, type, properties));
      for (YamlNode item : sequence(node.get("dependsOn"))) {
        if (item instanceof Scalar target && target.value() instanceof String text) {
          checkTarget(name, text, target.location(), byName, "dependsOn");
        }
      }
      if (properties != null) {
        forEachString(properties, scalar -> checkOutputReferences(name, scalar, byName));
        if (properties instanceof Mapping map) {
          schema.ifPresent(type -> scanFiles(name, type, map, byName));
        }
      }
      return new Checked(resource, name, properties);
    }

    private Optional<ResourceTypeSchema> typeOf(Mapping node) {
      Optional<Scalar> type = scalar(node.get("type"));
      if (type.isEmpty() || !(type.get().value() instanceof String text)) {
        return Optional.empty();
      }
      Optional<ResourceTypeSchema> schema = schemas.type(text);
      if (schema.isEmpty()) {
        String provider = ResourceType.providerOf(text);
        String hint =
            schemas.providerNames().contains(provider) || !text.contains(":")
                ? Suggestions.didYouMean(text, schemas.typeNames())
                : " (providers: " + String.join(", ", schemas.providerNames()) + ")";
        diagnostics.error(type.get().location(), "unknown resource type \"" + text + "\"" + hint);
      }
      return schema;
    }

    private void checkProperties(Mapping node, ResourceTypeSchema type, YamlNode properties) {
      String owner = type.type() + " properties";
      Mapping map;
      if (properties == null) {
        map = emptyAt(node.location());
      } else if (properties instanceof Mapping given) {
        map = given;
      } else {
        diagnostics.error(properties.location(), "\"properties\" must be a map");
        return;
      }
      checker.checkFields(map, type.properties(), owner);
      for (Set<String> group : type.exactlyOneOf()) {
        List<String> set = group.stream().filter(p -> map.get(p).isPresent()).sorted().toList();
        String names =
            group.stream().sorted().map(p -> "\"" + p + "\"").collect(Collectors.joining(" or "));
        if (set.isEmpty()) {
          diagnostics.error(map.location(), type.type() + " needs one of " + names);
        } else if (set.size() > 1) {
          diagnostics.error(
              map.location(), type.type() + " takes only one of " + names + ", not both");
        }
      }
    }

    private void checkTarget(
        ResourceName from,
        String target,
        SourceLocation where,
        Map<String, Declared> byName,
        String how) {
      if (target.equals(from.value())) {
        diagnostics.error(where, "resource \"" + target + "\" cannot depend on itself");
      } else if (!byName.containsKey(target)) {
        diagnostics.error(
            where,
            "unknown resource \""
                + target
                + "\" in "
                + how
                + Suggestions.didYouMean(target, byName.keySet()));
      }
    }

    private void checkOutputReferences(
        ResourceName from, Scalar scalar, Map<String, Declared> byName) {
      if (!(scalar.value() instanceof String text) || !text.contains("${")) {
        return;
      }
      Template template;
      try {
        template = Templates.parse(text);
      } catch (TemplateSyntaxException invalid) {
        return; // reported when variables were substituted
      }
      for (Template.Part part : template.parts()) {
        if (part instanceof Ref ref && !ref.reference().isVariable()) {
          checkReference(from, ref.reference(), scalar.at(ref.offset()), byName);
        }
      }
    }

    /** Reports a reference to an unknown resource, or to an output its type does not have. */
    private void checkReference(
        ResourceName from,
        Reference reference,
        SourceLocation where,
        Map<String, Declared> byName) {
      String target = reference.resource().value();
      int before = diagnostics.errorCount();
      checkTarget(from, target, where, byName, "reference " + reference);
      if (diagnostics.errorCount() == before) {
        knownType(byName.get(target).node())
            .filter(type -> !type.dynamicOutputs() && !type.outputs().contains(reference.name()))
            .ifPresent(
                type ->
                    diagnostics.error(
                        where,
                        "resource \""
                            + target
                            + "\" ("
                            + type.type()
                            + ") has no output \""
                            + reference.name()
                            + "\""
                            + Suggestions.didYouMean(reference.name(), type.outputs())
                            + "; its outputs: "
                            + String.join(", ", type.outputs())));
      }
    }

    /**
     * Reads the YAML and JSON files that a path property names (a file, or a folder's files) when
     * the type says they may hold references, so that those references order the graph and reach
     * the handler (as {@link ResourceTypeSchema#FILE_REFERENCES}) like references in properties.
     */
    private void scanFiles(
        ResourceName from,
        ResourceTypeSchema type,
        Mapping properties,
        Map<String, Declared> byName) {
      Map<String, Object> found = new LinkedHashMap<>();
      for (String property : type.referencesInFiles()) {
        Optional<Scalar> value = scalar(properties.get(property));
        if (value.isEmpty() || !(value.get().value() instanceof String text)) {
          continue;
        }
        for (String file : referenceFiles(value.get(), text)) {
          sourcePaths.add(file);
          String[] lines = tree.read(file).split("\\R", -1);
          for (int line = 0; line < lines.length; line++) {
            if (!lines[line].contains("${") || lines[line].strip().startsWith("#")) {
              continue; // a YAML comment holds no value, so its ${...} is no reference
            }
            SourceLocation start = new SourceLocation(file, line + 1, 1);
            Template template;
            try {
              template = Templates.parse(lines[line]);
            } catch (TemplateSyntaxException invalid) {
              diagnostics.error(
                  new SourceLocation(file, line + 1, invalid.offset() + 1), invalid.getMessage());
              continue;
            }
            for (Template.Part part : template.parts()) {
              if (part instanceof Ref ref) {
                SourceLocation where =
                    new SourceLocation(start.path(), start.line(), ref.offset() + 1);
                recordFileReference(from, ref.reference(), where, byName, found);
              }
            }
          }
        }
      }
      if (!found.isEmpty()) {
        fileReferences.put(from.value(), found);
      }
    }

    private void recordFileReference(
        ResourceName from,
        Reference reference,
        SourceLocation where,
        Map<String, Declared> byName,
        Map<String, Object> found) {
      if (reference.isVariable()) {
        if (!variables.containsKey(reference.name())) {
          diagnostics.error(
              where,
              "unknown variable \""
                  + reference.name()
                  + "\""
                  + Suggestions.didYouMean(reference.name(), variables.keySet()));
        } else {
          found.put("var." + reference.name(), variables.get(reference.name()));
        }
        return;
      }
      checkReference(from, reference, where, byName);
      String root = reference.resource().value() + "." + reference.name();
      found.put(root, "${" + root + "}");
    }

    /** The files a path names, or none when the path is invalid (the path check reports it). */
    private List<String> referenceFiles(Scalar scalar, String text) {
      try {
        String path = RepoPaths.resolve(RepoPaths.parent(scalar.location().path()), text);
        return switch (tree.kind(path)) {
          case FILE -> List.of(path);
          case DIRECTORY ->
              tree.list(path).stream()
                  .filter(EnvironmentLoader::isYamlOrJson)
                  .filter(file -> tree.kind(file) == SourceTree.Kind.FILE)
                  .toList();
          case MISSING -> List.of();
        };
      } catch (PathOutsideRepositoryException | java.io.UncheckedIOException invalid) {
        return List.of();
      }
    }

    /** The schema of a resource's type, without reporting an unknown one again. */
    private Optional<ResourceTypeSchema> knownType(Mapping node) {
      return scalar(node.get("type"))
          .map(Scalar::value)
          .filter(String.class::isInstance)
          .flatMap(type -> schemas.type((String) type));
    }

    /**
     * Reports secrets anywhere under a provider's settings, and drops them from what is checked.
     */
    private void checkCycles(List<Checked> resources) {
      Map<String, List<String>> edges = new LinkedHashMap<>();
      Map<String, SourceLocation> where = new LinkedHashMap<>();
      for (Checked resource : resources) {
        List<String> targets = new ArrayList<>();
        for (YamlNode item : sequence(resource.declared().node().get("dependsOn"))) {
          if (item instanceof Scalar target && target.value() instanceof String text) {
            targets.add(text);
          }
        }
        if (resource.properties() != null) {
          Templates.referencedResources(resource.properties().toPlain())
              .forEach(name -> targets.add(name.value()));
        }
        Templates.referencedResources(
                fileReferences.getOrDefault(resource.name().value(), Map.of()))
            .forEach(name -> targets.add(name.value()));
        edges.put(resource.name().value(), targets);
        where.put(resource.name().value(), resource.declared().node().location());
      }
      for (List<String> cycle : Cycles.findCycles(edges)) {
        if (cycle.size() > 2) { // a self-dependency is reported on its own
          diagnostics.error(where.get(cycle.get(0)), "dependency cycle: " + Cycles.format(cycle));
        }
      }
    }
  }
}
