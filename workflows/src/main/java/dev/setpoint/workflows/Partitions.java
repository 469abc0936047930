package dev.setpoint.workflows;

import dev.setpoint.orchestrator.graph.DependencyGraph;
import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Cuts an environment into slices: consecutive runs of its topological order, so that a slice
 * depends only on itself and earlier slices. Pure functions of the definition, so that every
 * activity that cuts the same commit cuts it the same way.
 */
final class Partitions {

  private final EnvironmentDefinition definition;
  private final DependencyGraph graph;
  private final int size;
  private final List<ResourceName> order;
  private final Map<ResourceName, Integer> sliceOf = new HashMap<>();
  private final Map<ResourceName, ResourceSpec> specs = new HashMap<>();

  Partitions(EnvironmentDefinition definition, DependencyGraph graph, int size) {
    this.definition = definition;
    this.graph = graph;
    this.size = size;
    this.order = graph.topologicalOrder();
    for (int i = 0; i < order.size(); i++) {
      sliceOf.put(order.get(i), i / size);
    }
    definition.resources().forEach(spec -> specs.put(spec.name(), spec));
  }

  /** Whether this environment is larger than one partition. */
  static boolean needed(EnvironmentDefinition definition, int size) {
    return size > 0 && definition.resources().size() > size;
  }

  Partitioning partitioning() {
    int slices = (order.size() + size - 1) / size;
    List<List<Integer>> upstream = new ArrayList<>();
    for (int slice = 0; slice < slices; slice++) {
      Set<Integer> needs = new TreeSet<>();
      for (ResourceName name : names(slice)) {
        graph.dependencies(name).forEach(dependency -> needs.add(sliceOf.get(dependency)));
      }
      needs.remove(slice);
      upstream.add(List.copyOf(needs));
    }
    Set<String> providers = new TreeSet<>(definition.providers().keySet());
    definition.resources().forEach(spec -> providers.add(spec.provider()));
    return new Partitioning(order.size(), size, upstream, List.copyOf(providers));
  }

  /**
   * Slice {@code index}; for a destroy ({@code deleting}) its resources go in reverse order, each
   * after its dependents.
   */
  Slice slice(int index, boolean deleting) {
    List<ResourceName> names = names(index);
    List<ResourceSpec> sliced = new ArrayList<>();
    Map<String, List<String>> prerequisites = new LinkedHashMap<>();
    Map<String, List<Integer>> consumers = new LinkedHashMap<>();
    for (ResourceName name : names) {
      sliced.add(specs.get(name));
      Set<ResourceName> before = deleting ? graph.dependents(name) : graph.dependencies(name);
      prerequisites.put(name.value(), before.stream().map(ResourceName::value).toList());
      Set<ResourceName> after = deleting ? graph.dependencies(name) : graph.dependents(name);
      Set<Integer> slices = new TreeSet<>();
      after.forEach(waiting -> slices.add(sliceOf.get(waiting)));
      slices.remove(index);
      if (!slices.isEmpty()) {
        consumers.put(name.value(), List.copyOf(slices));
      }
    }
    List<String> walk = new ArrayList<>(names.stream().map(ResourceName::value).toList());
    if (deleting) {
      java.util.Collections.reverse(walk);
    }
    return new Slice(withResources(definition, sliced), walk, prerequisites, consumers);
  }

  /** The definition without its resources: what the parent of a partitioned run needs of it. */
  static EnvironmentDefinition header(EnvironmentDefinition definition) {
    return withResources(definition, List.of());
  }

  private List<ResourceName> names(int slice) {
    return order.subList(slice * size, Math.min(order.size(), (slice + 1) * size));
  }

  private static EnvironmentDefinition withResources(
      EnvironmentDefinition definition, List<ResourceSpec> resources) {
    return new EnvironmentDefinition(
        definition.name(),
        definition.file(),
        definition.variables(),
        definition.providers(),
        definition.policy(),
        definition.sync(),
        definition.notifications(),
        resources);
  }
}
