package dev.setpoint.provider.k8s;

import java.util.Map;
import java.util.TreeMap;

/** Setpoint's identity on Kubernetes objects (SPEC §2): three labels, and its field manager. */
final class Marks {

  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String SETPOINT = "setpoint";
  static final String ENVIRONMENT = "setpoint.dev/environment";
  static final String RESOURCE = "setpoint.dev/resource";
  static final String FIELD_MANAGER = "setpoint";

  /** Whose an object is, by its labels. */
  enum Owner {
    THIS_RESOURCE,
    ANOTHER,
    NONE
  }

  private Marks() {}

  static Map<String, String> labels(String environment, String resource) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(MANAGED_BY, SETPOINT);
    labels.put(ENVIRONMENT, environment);
    labels.put(RESOURCE, resource);
    return labels;
  }

  static Owner ownerOf(Map<?, ?> labels, String environment, String resource) {
    if (labels == null || !SETPOINT.equals(labels.get(MANAGED_BY))) {
      return Owner.NONE;
    }
    return environment.equals(labels.get(ENVIRONMENT)) && resource.equals(labels.get(RESOURCE))
        ? Owner.THIS_RESOURCE
        : Owner.ANOTHER;
  }
}
