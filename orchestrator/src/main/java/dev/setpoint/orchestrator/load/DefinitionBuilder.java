package dev.setpoint.orchestrator.load;

import dev.setpoint.orchestrator.git.RepoPaths;
import dev.setpoint.orchestrator.load.YamlNode.Entry;
import dev.setpoint.orchestrator.load.YamlNode.Mapping;
import dev.setpoint.orchestrator.load.YamlNode.Scalar;
import dev.setpoint.orchestrator.model.ApprovalPolicy;
import dev.setpoint.orchestrator.model.DeletionPolicy;
import dev.setpoint.orchestrator.model.DriftPolicy;
import dev.setpoint.orchestrator.model.Durations;
import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import dev.setpoint.orchestrator.model.Notification;
import dev.setpoint.orchestrator.model.Policy;
import dev.setpoint.orchestrator.model.ProviderSettings;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.model.RetrySpec;
import dev.setpoint.orchestrator.model.SyncSettings;
import dev.setpoint.orchestrator.schema.PropertySchema;
import dev.setpoint.orchestrator.schema.PropertyType;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns checked YAML into the model records; runs only when validation found no error. */
final class DefinitionBuilder {

  /**
   * A resource that passed validation, with variables already substituted.
   *
   * @param fileReferences the references found in its files, by root ({@code bucket.bucketName}),
   *     each as a reference still to resolve or, for a variable, its value; empty for most types
   */
  record CheckedResource(
      Mapping node, ResourceName name, YamlNode properties, Map<String, Object> fileReferences) {}

  private final SchemaRegistry schemas;

  DefinitionBuilder(SchemaRegistry schemas) {
    this.schemas = schemas;
  }

  EnvironmentDefinition build(
      String file,
      Mapping root,
      Mapping spec,
      Map<String, Object> variables,
      Map<String, ProviderSettingsCheck.Checked> providers,
      List<CheckedResource> resources) {
    String name = (String) plain(root.get("metadata").map(m -> ((Mapping) m).get("name")).get());
    Policy policy = policy(spec.get("policy"));
    List<ResourceSpec> specs = new ArrayList<>();
    for (CheckedResource resource : resources) {
      specs.add(resource(resource, policy));
    }
    Map<String, ProviderSettings> settings = new LinkedHashMap<>();
    providers.forEach((provider, node) -> settings.put(provider, providerSettings(node)));
    return new EnvironmentDefinition(
        name,
        file,
        variables,
        settings,
        policy,
        sync(spec.get("sync")),
        notifications(spec.get("notifications")),
        specs);
  }

  private ResourceSpec resource(CheckedResource resource, Policy policy) {
    Mapping node = resource.node();
    String type = (String) plain(node.get("type"));
    List<ResourceName> dependsOn = new ArrayList<>();
    if (plain(node.get("dependsOn")) instanceof List<?> names) {
      names.forEach(target -> dependsOn.add(new ResourceName((String) target)));
    }
    return new ResourceSpec(
        resource.name(),
        type,
        properties(type, resource.properties(), resource.fileReferences()),
        dependsOn,
        enumValue(node.get("drift"), DriftPolicy.class).orElse(policy.drift()),
        enumValue(node.get("deletionPolicy"), DeletionPolicy.class).orElse(DeletionPolicy.DELETE),
        Boolean.TRUE.equals(plain(node.get("adopt"))),
        retry(node.get("retry")),
        duration(node.get("timeout")),
        Boolean.TRUE.equals(plain(node.get("allowReplace"))),
        node.location());
  }

  /** Plain properties, with path properties made repository-relative. */
  private Map<String, Object> properties(
      String type, YamlNode properties, Map<String, Object> fileReferences) {
    Map<String, Object> plain = new LinkedHashMap<>();
    if (!fileReferences.isEmpty()) {
      plain.put(ResourceTypeSchema.FILE_REFERENCES, fileReferences);
    }
    if (!(properties instanceof Mapping mapping)) {
      return plain;
    }
    ResourceTypeSchema schema = schemas.type(type).orElseThrow();
    for (Entry entry : mapping.entries()) {
      PropertySchema property = schema.properties().get(entry.key());
      boolean path =
          property.type() == PropertyType.PATH || property.type() == PropertyType.PATH_OR_INLINE;
      if (path && entry.value() instanceof Scalar scalar && scalar.value() instanceof String text) {
        plain.put(entry.key(), RepoPaths.resolve(RepoPaths.parent(scalar.location().path()), text));
      } else {
        plain.put(entry.key(), entry.value().toPlain());
      }
    }
    return plain;
  }

  private static ProviderSettings providerSettings(ProviderSettingsCheck.Checked node) {
    Mapping settings = node.settings();
    Object taskQueue = plain(settings.get("taskQueue"));
    return new ProviderSettings(
        node.provider(),
        settings.toPlain() instanceof Map<?, ?> map ? castMap(map) : Map.of(),
        retry(settings.get("retry")),
        taskQueue instanceof String queue ? queue : null);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  private static Policy policy(Optional<YamlNode> node) {
    if (node.isEmpty() || !(node.get() instanceof Mapping policy)) {
      return Policy.DEFAULT;
    }
    Object prune = plain(policy.get("prune"));
    return new Policy(
        enumValue(policy.get("drift"), DriftPolicy.class).orElse(Policy.DEFAULT.drift()),
        prune instanceof Boolean value ? value : Policy.DEFAULT.prune(),
        enumValue(policy.get("approval"), ApprovalPolicy.class).orElse(Policy.DEFAULT.approval()));
  }

  private static List<Notification> notifications(Optional<YamlNode> node) {
    List<Notification> notifications = new ArrayList<>();
    if (plain(node) instanceof List<?> items) {
      for (Object item : items) {
        Map<?, ?> fields = (Map<?, ?>) item;
        Set<Notification.Event> events = EnumSet.noneOf(Notification.Event.class);
        if (fields.get("events") instanceof List<?> names) {
          names.forEach(name -> events.add(Notification.Event.ofYamlName((String) name)));
        }
        notifications.add(new Notification((String) fields.get("urlFromEnv"), events));
      }
    }
    return notifications;
  }

  private static SyncSettings sync(Optional<YamlNode> node) {
    if (node.isEmpty() || !(node.get() instanceof Mapping sync)) {
      return SyncSettings.DEFAULT;
    }
    Duration interval = duration(sync.get("interval"));
    Duration drift = duration(sync.get("driftInterval"));
    return new SyncSettings(
        interval != null ? interval : SyncSettings.DEFAULT.interval(),
        drift != null ? drift : SyncSettings.DEFAULT.driftInterval());
  }

  private static RetrySpec retry(Optional<YamlNode> node) {
    if (node.isEmpty() || !(node.get() instanceof Mapping retry)) {
      return null;
    }
    Object attempts = plain(retry.get("maxAttempts"));
    Object coefficient = plain(retry.get("backoffCoefficient"));
    return new RetrySpec(
        attempts instanceof Long count ? Math.toIntExact(count) : null,
        duration(retry.get("initialInterval")),
        duration(retry.get("maximumInterval")),
        coefficient instanceof Number number ? number.doubleValue() : null);
  }

  private static Duration duration(Optional<YamlNode> node) {
    return plain(node) instanceof String text ? Durations.parse(text).orElse(null) : null;
  }

  private static <E extends Enum<E>> Optional<E> enumValue(Optional<YamlNode> node, Class<E> type) {
    return plain(node) instanceof String text
        ? Optional.of(Enum.valueOf(type, text.toUpperCase(Locale.ROOT)))
        : Optional.empty();
  }

  private static Object plain(Optional<YamlNode> node) {
    return node.map(YamlNode::toPlain).orElse(null);
  }
}
