package dev.setpoint.orchestrator.load;

import dev.setpoint.orchestrator.git.PathOutsideRepositoryException;
import dev.setpoint.orchestrator.git.RepoPaths;
import dev.setpoint.orchestrator.git.SourceTree;
import dev.setpoint.orchestrator.graph.Cycles;
import dev.setpoint.orchestrator.load.YamlNode.Entry;
import dev.setpoint.orchestrator.load.YamlNode.Mapping;
import dev.setpoint.orchestrator.load.YamlNode.Scalar;
import dev.setpoint.orchestrator.load.YamlNode.Sequence;
import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import dev.setpoint.orchestrator.model.Reference;
import dev.setpoint.orchestrator.model.ReferenceException;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceType;
import dev.setpoint.orchestrator.model.SourceLocation;
import dev.setpoint.orchestrator.model.Template;
import dev.setpoint.orchestrator.model.Template.Ref;
import dev.setpoint.orchestrator.model.TemplateSyntaxException;
import dev.setpoint.orchestrator.model.Templates;
import dev.setpoint.orchestrator.schema.PropertySchema;
import dev.setpoint.orchestrator.schema.ProviderSchema;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
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

    Session(SourceTree tree) {
      this.tree = tree;
      this.checker = new SchemaChecker(diagnostics, this::checkPath);
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
      variableNodes.forEach((name, node) -> variables.put(name, node.toPlain()));
      checkVariablesArePlain();
      List<Checked> resources = checkResources();
      Map<String, ProviderSettingsNode> providers = checkProviders(spec);
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
                                    c.declared().node(), c.name(), c.properties()))
                        .toList());
      }
      return result(file, definition);
    }

    private LoadResult result(String file, EnvironmentDefinition definition) {
      return new LoadResult(file, definition, diagnostics.all(), List.copyOf(sourcePaths));
    }

    /** The environment file a path names, or null (reported) when there is none. */
    private String environmentFile(String path) {
      SourceTree.Kind kind = kindOf(path, null);
      if (kind == SourceTree.Kind.DIRECTORY) {
        String file = path.isEmpty() ? ENVIRONMENT_FILE : path + "/" + ENVIRONMENT_FILE;
        if (kindOf(file, null) == SourceTree.Kind.FILE) {
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

    private SourceTree.Kind kindOf(String path, SourceLocation where) {
      try {
        return tree.kind(path);
      } catch (PathOutsideRepositoryException outside) {
        diagnostics.error(where, outside.getMessage());
        return null;
      }
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
      if (loadedFiles.contains(path) || kindOf(path, null) != SourceTree.Kind.FILE) {
        if (kindOf(path, null) == SourceTree.Kind.DIRECTORY) {
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
      parseTemplate(scalar)
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
      YamlNode properties = node.get("properties").map(this::substituteVariables).orElse(null);
      Optional<ResourceTypeSchema> schema = typeOf(node);
      schema.ifPresent(type -> checkProperties(node, type, properties));
      for (YamlNode item : sequence(node.get("dependsOn"))) {
        if (item instanceof Scalar target && target.value() instanceof String text) {
          checkTarget(name, text, target.location(), byName, "dependsOn");
        }
      }
      if (properties != null) {
        forEachString(properties, scalar -> checkOutputReferences(name, scalar, byName));
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
        if (!(part instanceof Ref ref) || ref.reference().isVariable()) {
          continue;
        }
        Reference reference = ref.reference();
        String target = reference.resource().value();
        SourceLocation where = scalar.at(ref.offset());
        int before = diagnostics.errorCount();
        checkTarget(from, target, where, byName, "reference " + reference);
        if (diagnostics.errorCount() > before) {
          continue;
        }
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

    /** The schema of a resource's type, without reporting an unknown one again. */
    private Optional<ResourceTypeSchema> knownType(Mapping node) {
      return scalar(node.get("type"))
          .map(Scalar::value)
          .filter(String.class::isInstance)
          .flatMap(type -> schemas.type((String) type));
    }

    private Map<String, ProviderSettingsNode> checkProviders(Mapping spec) {
      Map<String, ProviderSettingsNode> providers = new LinkedHashMap<>();
      Optional<Mapping> section = mapping(spec.get("providers"));
      if (section.isEmpty()) {
        return providers;
      }
      for (Entry entry : section.get().entries()) {
        Optional<ProviderSchema> provider = schemas.provider(entry.key());
        if (provider.isEmpty()) {
          diagnostics.error(
              entry.keyLocation(),
              "unknown provider \""
                  + entry.key()
                  + "\""
                  + Suggestions.didYouMean(entry.key(), schemas.providerNames())
                  + " (providers: "
                  + String.join(", ", schemas.providerNames())
                  + ")");
          continue;
        }
        if (entry.value() instanceof Scalar scalar && scalar.value() == null) {
          providers.put(
              entry.key(), new ProviderSettingsNode(entry.key(), emptyAt(scalar.location())));
          continue;
        }
        if (!(entry.value() instanceof Mapping settings)) {
          diagnostics.error(
              entry.value().location(), "settings of provider \"" + entry.key() + "\" are a map");
          continue;
        }
        Mapping withoutSecrets = rejectCredentials(entry.key(), settings);
        YamlNode substituted = substituteVariables(withoutSecrets);
        forEachString(
            substituted,
            scalar ->
                SchemaChecker.runtimeTemplate(scalar)
                    .ifPresent(
                        template ->
                            diagnostics.error(
                                scalar.location(),
                                "provider settings may reference variables only, not resource"
                                    + " outputs")));
        Map<String, PropertySchema> fields = new LinkedHashMap<>();
        provider.get().settings().forEach(field -> fields.put(field.name(), field));
        fields.put(DocumentSchema.RETRY.name(), DocumentSchema.RETRY);
        fields.put(DocumentSchema.TASK_QUEUE.name(), DocumentSchema.TASK_QUEUE);
        if (substituted instanceof Mapping checkedSettings) {
          checker.checkFields(checkedSettings, fields, "provider \"" + entry.key() + "\" settings");
          providers.put(entry.key(), new ProviderSettingsNode(entry.key(), checkedSettings));
        }
      }
      return providers;
    }

    /**
     * Reports secrets anywhere under a provider's settings, and drops them from what is checked.
     */
    private Mapping rejectCredentials(String provider, Mapping settings) {
      List<Entry> kept = new ArrayList<>();
      for (Entry entry : settings.entries()) {
        String key = entry.key().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        if (DocumentSchema.CREDENTIAL_KEYS.contains(key)) {
          diagnostics.error(
              entry.keyLocation(),
              "credentials do not belong in Git: remove \""
                  + entry.key()
                  + "\" from provider \""
                  + provider
                  + "\"; Setpoint takes credentials from the runtime environment (AWS_PROFILE,"
                  + " AWS_ACCESS_KEY_ID, KUBECONFIG, ...) of the worker");
        } else if (entry.value() instanceof Mapping nested) {
          kept.add(
              new Entry(entry.key(), entry.keyLocation(), rejectCredentials(provider, nested)));
        } else {
          kept.add(entry);
        }
      }
      return new Mapping(kept, settings.location());
    }

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
        edges.put(resource.name().value(), targets);
        where.put(resource.name().value(), resource.declared().node().location());
      }
      for (List<String> cycle : Cycles.findCycles(edges)) {
        if (cycle.size() > 2) { // a self-dependency is reported on its own
          diagnostics.error(where.get(cycle.get(0)), "dependency cycle: " + Cycles.format(cycle));
        }
      }
    }

    /** Puts variable values in place of {@code ${var.NAME}}; a whole reference keeps its type. */
    private YamlNode substituteVariables(YamlNode node) {
      if (node instanceof Mapping mapping) {
        List<Entry> entries = new ArrayList<>();
        for (Entry entry : mapping.entries()) {
          entries.add(
              new Entry(entry.key(), entry.keyLocation(), substituteVariables(entry.value())));
        }
        return new Mapping(entries, mapping.location());
      }
      if (node instanceof Sequence sequence) {
        List<YamlNode> items = new ArrayList<>();
        sequence.items().forEach(item -> items.add(substituteVariables(item)));
        return new Sequence(items, sequence.location());
      }
      Scalar scalar = (Scalar) node;
      Optional<Template> template = parseTemplate(scalar);
      if (template.isEmpty() || !template.get().hasReferences()) {
        return scalar;
      }
      boolean unknown = false;
      for (Template.Part part : template.get().parts()) {
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
      if (unknown) {
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

    /** The template of a string scalar with {@code ${}; a syntax error is reported. */
    private Optional<Template> parseTemplate(Scalar scalar) {
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

    /** Checks a path value: inside the repository, existing in the tree. */
    private void checkPath(Scalar scalar) {
      String text = (String) scalar.value();
      String base = RepoPaths.parent(scalar.location().path());
      String path;
      try {
        path = RepoPaths.resolve(base, text);
      } catch (PathOutsideRepositoryException outside) {
        diagnostics.error(scalar.location(), outside.getMessage());
        return;
      }
      SourceTree.Kind kind = kindOf(path, scalar.location());
      if (kind == SourceTree.Kind.MISSING) {
        diagnostics.error(
            scalar.location(),
            "path \""
                + text
                + "\" does not exist in the "
                + tree.describe()
                + " (it resolves to \""
                + path
                + "\")"
                + siblingHint(path));
      } else if (kind != null) {
        sourcePaths.add(path);
      }
    }

    private String siblingHint(String path) {
      String parent = RepoPaths.parent(path);
      try {
        if (tree.kind(parent) != SourceTree.Kind.DIRECTORY) {
          return "";
        }
        List<String> names = tree.list(parent).stream().map(RepoPaths::fileName).toList();
        return Suggestions.didYouMean(RepoPaths.fileName(path), names);
      } catch (RuntimeException unreadable) {
        return "";
      }
    }

    private void forEachString(YamlNode node, Consumer<Scalar> action) {
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
  }

  /** A provider's settings after credentials were dropped and variables went in. */
  record ProviderSettingsNode(String provider, Mapping settings) {}

  private static Mapping emptyAt(SourceLocation location) {
    return new Mapping(List.of(), location);
  }

  private static Optional<Mapping> mapping(Optional<YamlNode> node) {
    return node.filter(Mapping.class::isInstance).map(Mapping.class::cast);
  }

  private static Optional<Scalar> scalar(Optional<YamlNode> node) {
    return node.filter(Scalar.class::isInstance).map(Scalar.class::cast);
  }

  private static List<YamlNode> sequence(Optional<YamlNode> node) {
    return node.filter(Sequence.class::isInstance)
        .map(n -> ((Sequence) n).items())
        .orElse(List.of());
  }

  private static String shapeOf(YamlNode node) {
    return node instanceof Sequence ? "a list" : "a single value";
  }
}
