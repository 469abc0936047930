package dev.setpoint.provider.k8s;

import dev.setpoint.orchestrator.provider.ManagedResource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one {@code kubernetes:Manifests} resource applied, kept in the cluster so that prune works
 * from any worker: a ConfigMap {@code ENVIRONMENT.RESOURCE} in the namespace {@value #NAMESPACE},
 * labelled with Setpoint's marks, whose {@code objects} key lists the applied objects as JSON. An
 * object whose prune failed stays listed until a later run removes it.
 */
final class Inventory {

  static final String NAMESPACE = "setpoint-system";
  static final String OBJECTS = "objects";
  static final String DEPENDS_ON = "setpoint.dev/depends-on";
  static final String DELETION_POLICY = "setpoint.dev/deletion-policy";

  /** An inventory's content. */
  record Entry(
      String environment,
      String resource,
      List<ObjectRef> objects,
      List<String> dependsOn,
      boolean retain) {

    Entry {
      objects = List.copyOf(objects);
      dependsOn = List.copyOf(dependsOn);
    }

    String name() {
      return configMapName(environment, resource);
    }

    ManagedResource managed() {
      Map<String, String> attributes = new TreeMap<>();
      attributes.put(DEPENDS_ON, String.join(",", dependsOn));
      if (retain) {
        attributes.put(DELETION_POLICY, "retain");
      }
      return new ManagedResource(environment, resource, ManifestsHandler.TYPE, name(), attributes);
    }
  }

  private Inventory() {}

  /** Environment and resource names are DNS labels, so a dot keeps every pair distinct. */
  static String configMapName(String environment, String resource) {
    return environment + "." + resource;
  }

  static Optional<Entry> read(KubernetesClient client, String name) {
    ConfigMap map = client.configMaps().inNamespace(NAMESPACE).withName(name).get();
    return map == null ? Optional.empty() : Optional.of(entry(client, map));
  }

  static List<Entry> list(KubernetesClient client, String environment) {
    List<Entry> entries = new ArrayList<>();
    for (ConfigMap map :
        client
            .configMaps()
            .inNamespace(NAMESPACE)
            .withLabel(Marks.MANAGED_BY, Marks.SETPOINT)
            .withLabel(Marks.ENVIRONMENT, environment)
            .list()
            .getItems()) {
      if (map.getMetadata().getLabels().get(Marks.RESOURCE) != null) {
        entries.add(entry(client, map));
      }
    }
    return entries;
  }

  /** Writes the inventory with server-side apply, creating its namespace when absent. */
  static void write(KubernetesClient client, Entry entry) {
    if (client.namespaces().withName(NAMESPACE).get() == null) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(NAMESPACE)
                  .addToLabels(Marks.MANAGED_BY, Marks.SETPOINT)
                  .endMetadata()
                  .build())
          .fieldManager(Marks.FIELD_MANAGER)
          .forceConflicts()
          .serverSideApply();
    }
    KubernetesSerialization json = client.getKubernetesSerialization();
    Map<String, String> data = new TreeMap<>();
    data.put(OBJECTS, json.asJson(entry.objects().stream().map(ObjectRef::toMap).toList()));
    data.put(DEPENDS_ON, String.join(",", entry.dependsOn()));
    data.put(DELETION_POLICY, entry.retain() ? "retain" : "delete");
    ConfigMap map =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(entry.name())
            .withNamespace(NAMESPACE)
            .withLabels(Marks.labels(entry.environment(), entry.resource()))
            .endMetadata()
            .withData(data)
            .build();
    client
        .configMaps()
        .inNamespace(NAMESPACE)
        .resource(map)
        .fieldManager(Marks.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  static void remove(KubernetesClient client, String name) {
    client.configMaps().inNamespace(NAMESPACE).withName(name).delete();
  }

  private static Entry entry(KubernetesClient client, ConfigMap map) {
    Map<String, String> labels = map.getMetadata().getLabels();
    Map<String, String> data = map.getData() == null ? Map.of() : map.getData();
    List<ObjectRef> objects = new ArrayList<>();
    String listed = data.get(OBJECTS);
    if (listed != null && !listed.isBlank()) {
      List<?> items = client.getKubernetesSerialization().unmarshal(listed, List.class);
      for (Object item : items) {
        objects.add(ObjectRef.fromMap((Map<?, ?>) item));
      }
    }
    String dependsOn = data.getOrDefault(DEPENDS_ON, "");
    return new Entry(
        labels.get(Marks.ENVIRONMENT),
        labels.get(Marks.RESOURCE),
        objects,
        dependsOn.isBlank() ? List.of() : List.of(dependsOn.split(",")),
        "retain".equals(data.get(DELETION_POLICY)));
  }

  static List<ObjectRef> union(Collection<ObjectRef> first, Collection<ObjectRef> second) {
    java.util.LinkedHashSet<ObjectRef> all = new java.util.LinkedHashSet<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }
}
