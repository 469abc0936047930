package dev.setpoint.orchestrator.provider;

import dev.setpoint.orchestrator.model.ResourceType;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Something live that carries Setpoint's identity marks: what prune compares with Git and what
 * {@link ResourceHandler#delete} removes. A resource made of many objects (a folder of Kubernetes
 * manifests) is one entry whose id and attributes let its handler find them all.
 *
 * @param environment the environment its marks name
 * @param name the resource name its marks name; plain text, as read from live tags or labels, which
 *     need not be a valid {@link dev.setpoint.orchestrator.model.ResourceName}
 * @param type the resource type, as {@code aws:ec2/Vpc}
 * @param id the provider's id for it, as {@code vpc-0abc}
 * @param attributes whatever else its handler needs to delete it (a region, a namespace); small, in
 *     key order
 */
public record ManagedResource(
    String environment, String name, String type, String id, Map<String, String> attributes) {

  public ManagedResource {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    attributes =
        attributes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  /** The provider part of the type: {@code aws} for {@code aws:ec2/Vpc}. */
  public String provider() {
    return ResourceType.providerOf(type);
  }
}
