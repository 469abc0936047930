package dev.setpoint.workflows;

import dev.setpoint.orchestrator.provider.ManagedResource;
import java.util.Arrays;
import java.util.List;

/**
 * What a provider may record on a managed resource for prune, since the resource's entry in Git is
 * gone by then: its dependencies (so dependents go first) and its deletion policy.
 */
final class ManagedResources {

  /**
   * Comma-separated resource names this one depended on when it was applied: the {@code dependsOn}
   * of the spec a step receives, which the workflow fills with the explicit and the referenced
   * dependencies alike.
   */
  static final String DEPENDS_ON = "setpoint.dev/depends-on";

  /** {@code retain} when the resource said {@code deletionPolicy: retain}. */
  static final String DELETION_POLICY = "setpoint.dev/deletion-policy";

  private ManagedResources() {}

  static List<String> dependsOn(ManagedResource managed) {
    String names = managed.attributes().getOrDefault(DEPENDS_ON, "");
    return Arrays.stream(names.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList();
  }

  static boolean retained(ManagedResource managed) {
    return "retain".equals(managed.attributes().get(DELETION_POLICY));
  }
}
