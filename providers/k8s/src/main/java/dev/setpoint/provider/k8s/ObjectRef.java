package dev.setpoint.provider.k8s;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which Kubernetes object: what an inventory records and what plans name.
 *
 * @param namespace the object's namespace, or null for a cluster-scoped object
 */
record ObjectRef(String apiVersion, String kind, String namespace, String name) {

  ObjectRef {
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    namespace = namespace == null || namespace.isEmpty() ? null : namespace;
  }

  /** {@code Deployment/app/web}, or {@code Namespace/app} for a cluster-scoped object. */
  String id() {
    return kind + "/" + (namespace == null ? "" : namespace + "/") + name;
  }

  /** The API group: {@code apps} for {@code apps/v1}, {@code ""} for the core group. */
  String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** Namespaces and CRDs go first, since other objects live in or are defined by them. */
  int applyPhase() {
    if (kind.equals("Namespace") && group().isEmpty()) {
      return 0;
    }
    if (kind.equals("CustomResourceDefinition") && group().equals("apiextensions.k8s.io")) {
      return 1;
    }
    return 2;
  }

  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("apiVersion", apiVersion);
    map.put("kind", kind);
    if (namespace != null) {
      map.put("namespace", namespace);
    }
    map.put("name", name);
    return map;
  }

  static ObjectRef fromMap(Map<?, ?> map) {
    return new ObjectRef(
        (String) map.get("apiVersion"),
        (String) map.get("kind"),
        (String) map.get("namespace"),
        (String) map.get("name"));
  }

  /**
   * The reference of a manifest or live object, whose apiVersion, kind, name and namespace {@link
   * ManifestReader} has checked are strings.
   */
  static ObjectRef of(Map<String, Object> object) {
    Map<?, ?> metadata = object.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
    return new ObjectRef(
        String.valueOf(object.get("apiVersion")),
        String.valueOf(object.get("kind")),
        (String) metadata.get("namespace"),
        String.valueOf(metadata.get("name")));
  }
}
