package dev.setpoint.provider.k8s;

import static dev.setpoint.orchestrator.schema.PropertySchema.builder;
import static dev.setpoint.orchestrator.schema.PropertySchema.optional;

import dev.setpoint.orchestrator.schema.PropertySchema;
import dev.setpoint.orchestrator.schema.PropertyType;
import dev.setpoint.orchestrator.schema.ProviderSchema;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import java.util.List;

/**
 * The Kubernetes provider's settings and its one resource type (SPEC §2), as {@code validate}
 * checks them and the reference docs list them.
 */
public final class KubernetesSchema implements ProviderSchema {

  public static final String PROVIDER = "kubernetes";

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public List<PropertySchema> settings() {
    return List.of(
        optional(
            "context",
            PropertyType.STRING,
            "The kubeconfig context to use; unset means the kubeconfig's current context, or the"
                + " in-cluster service account."));
  }

  @Override
  public List<ResourceTypeSchema> resourceTypes() {
    return List.of(manifests());
  }

  static ResourceTypeSchema manifests() {
    return ResourceTypeSchema.builder("kubernetes:Manifests")
        .description(
            "A set of Kubernetes objects, declared by manifest files in the repository or"
                + " inline.")
        .property(
            builder("path", PropertyType.PATH)
                .description(
                    "A manifest file, or a folder whose YAML and JSON files are read in sorted"
                        + " order; a file may hold several documents.")
                .build())
        .property(
            builder("manifests", PropertyType.LIST)
                .items(
                    builder("manifest", PropertyType.MAP)
                        .items(PropertyType.ANY)
                        .description("One Kubernetes object, as its manifest would declare it.")
                        .build())
                .description("Inline manifests, one Kubernetes object per item.")
                .build())
        .exactlyOneOf("path", "manifests")
        .property(
            builder("namespace", PropertyType.STRING)
                .description("The namespace of the namespaced objects whose manifests name none.")
                .build())
        .property(
            builder("wait", PropertyType.BOOLEAN)
                .defaultValue(true)
                .description(
                    "Whether to wait until the Deployments, StatefulSets, DaemonSets and Jobs"
                        + " among the objects are ready.")
                .build())
        .property(
            builder("timeout", PropertyType.DURATION)
                .defaultValue("5m")
                .description("How long to wait for the objects to be ready, such as 90s or 5m.")
                .build())
        .outputs("objects", "namespaces")
        .referencesInFiles("path")
        .build();
  }
}
