package dev.setpoint.orchestrator.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One resource as Git declares it, variables substituted; references to other resources are still
 * unresolved text ({@code ${vpc.id}}) until the run reaches it.
 *
 * @param properties the declared properties; properties that are paths are repository-relative
 * @param dependsOn explicit dependencies only; {@link #references()} gives the implicit ones
 * @param drift the effective drift policy (the resource's own, else the environment's)
 * @param retry the resource's retry override, or null
 * @param timeout the resource's timeout, or null for the provider's default
 * @param location where the resource's entry starts
 */
public record ResourceSpec(
    ResourceName name,
    String type,
    Map<String, Object> properties,
    List<ResourceName> dependsOn,
    DriftPolicy drift,
    DeletionPolicy deletionPolicy,
    boolean adopt,
    RetrySpec retry,
    Duration timeout,
    boolean allowReplace,
    SourceLocation location) {

  public ResourceSpec {
    properties = Values.immutableMap(properties);
    dependsOn = List.copyOf(dependsOn);
  }

  /** The provider part of the type: {@code aws} for {@code aws:ec2/Vpc}. */
  public String provider() {
    return ResourceType.providerOf(type);
  }

  /**
   * This resource as a provider receives it: {@code properties} with the references resolved, and
   * the referenced resources added to {@code dependsOn}, since resolution removes them from the
   * properties and providers record dependencies for prune.
   */
  public ResourceSpec resolved(Map<String, Object> properties) {
    java.util.Set<ResourceName> dependencies = new java.util.LinkedHashSet<>(dependsOn);
    dependencies.addAll(references());
    return new ResourceSpec(
        name,
        type,
        properties,
        List.copyOf(dependencies),
        drift,
        deletionPolicy,
        adopt,
        retry,
        timeout,
        allowReplace,
        location);
  }

  /** The resources whose outputs the properties reference, in order of first use. */
  public List<ResourceName> references() {
    return Templates.referencedResources(properties);
  }
}
