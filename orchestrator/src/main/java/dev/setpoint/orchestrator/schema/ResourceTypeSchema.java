package dev.setpoint.orchestrator.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything {@code validate} must know about a resource type before any provider code runs.
 *
 * @param type the full type name, as {@code aws:ec2/Vpc}
 * @param properties in documentation order
 * @param exactlyOneOf groups of properties of which the definition must set exactly one
 * @param outputs the output names known statically
 * @param dynamicOutputs true when outputs are known only at run time (Terraform outputs, Ansible
 *     stats), so references to any output name are accepted
 * @param referencesInFiles path properties whose files may hold {@code ${...}} references (a folder
 *     of Kubernetes manifests): the loader reads those files for dependency edges and passes what
 *     they reference to the handler under {@link #FILE_REFERENCES}
 */
public record ResourceTypeSchema(
    String type,
    String description,
    Map<String, PropertySchema> properties,
    List<Set<String>> exactlyOneOf,
    List<String> outputs,
    boolean dynamicOutputs,
    List<String> referencesInFiles) {

  /**
   * The property under which a handler receives the references found in the files of {@link
   * #referencesInFiles}: a map from each reference's root ({@code bucket.bucketName}, {@code
   * var.region}) to its value, resolved by the run like any property. No definition can set it: its
   * name is not a valid property name.
   */
  public static final String FILE_REFERENCES = "$fileReferences";

  public ResourceTypeSchema {
    properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    exactlyOneOf = List.copyOf(exactlyOneOf);
    outputs = List.copyOf(outputs);
    referencesInFiles = referencesInFiles == null ? List.of() : List.copyOf(referencesInFiles);
  }

  public ResourceTypeSchema(
      String type,
      String description,
      Map<String, PropertySchema> properties,
      List<Set<String>> exactlyOneOf,
      List<String> outputs,
      boolean dynamicOutputs) {
    this(type, description, properties, exactlyOneOf, outputs, dynamicOutputs, List.of());
  }

  public static Builder builder(String type) {
    return new Builder(type);
  }

  /** The names of the properties that force a replacement when they change. */
  public List<String> immutableProperties() {
    return properties.values().stream()
        .filter(PropertySchema::immutable)
        .map(PropertySchema::name)
        .toList();
  }

  /** The declared properties with the defaults of those left unset filled in. */
  public Map<String, Object> withDefaults(Map<String, Object> declared) {
    Map<String, Object> merged = new LinkedHashMap<>(declared);
    properties.forEach(
        (name, property) -> {
          if (property.defaultValue() != null) {
            merged.putIfAbsent(name, property.defaultValue());
          }
        });
    return merged;
  }

  /** Builds a schema in declaration order. */
  public static final class Builder {
    private final String type;
    private String description = "";
    private final Map<String, PropertySchema> properties = new LinkedHashMap<>();
    private final List<Set<String>> exactlyOneOf = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private boolean dynamicOutputs;
    private final List<String> referencesInFiles = new ArrayList<>();

    private Builder(String type) {
      this.type = type;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder property(PropertySchema property) {
      properties.put(property.name(), property);
      return this;
    }

    public Builder exactlyOneOf(String... names) {
      exactlyOneOf.add(Set.of(names));
      return this;
    }

    public Builder outputs(String... names) {
      outputs.addAll(List.of(names));
      return this;
    }

    public Builder dynamicOutputs() {
      this.dynamicOutputs = true;
      return this;
    }

    /** The files a path property names may hold references (see {@link #referencesInFiles}). */
    public Builder referencesInFiles(String pathProperty) {
      referencesInFiles.add(pathProperty);
      return this;
    }

    public ResourceTypeSchema build() {
      return new ResourceTypeSchema(
          type, description, properties, exactlyOneOf, outputs, dynamicOutputs, referencesInFiles);
    }
  }
}
