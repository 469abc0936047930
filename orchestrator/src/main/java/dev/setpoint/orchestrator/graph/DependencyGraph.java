package dev.setpoint.orchestrator.graph;

import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resources of one environment and what each depends on: its explicit {@code dependsOn} and the
 * resources its properties reference. Acyclic by construction. Every collection it returns lists
 * resources in definition order, so plans and reports read the same on every run.
 */
public final class DependencyGraph {

  private final List<ResourceName> nodes;

  /**
   * Keyed by the name's text: a record's hashCode runs through method handles, which costs more
   * than the rest of a cold build of 10,000 resources.
   */
  private final Map<String, Integer> indexOf;

  /** Per node, the indices of its dependencies, ascending (definition order). */
  private final int[][] dependencies;

  /** Per node, the indices of its direct dependents, ascending (definition order). */
  private final int[][] dependents;

  private final List<List<ResourceName>> layers;
  private final List<ResourceName> topologicalOrder;
  private final List<ResourceName> reverseOrder;

  private DependencyGraph(
      List<ResourceName> nodes,
      Map<String, Integer> indexOf,
      int[][] dependencies,
      int[][] dependents,
      int[] layerOf) {
    this.nodes = nodes;
    this.indexOf = indexOf;
    this.dependencies = dependencies;
    this.dependents = dependents;
    this.layers = group(nodes, layerOf);
    this.topologicalOrder = layers.stream().flatMap(List::stream).toList();
    List<ResourceName> reversed = new ArrayList<>(topologicalOrder);
    Collections.reverse(reversed);
    this.reverseOrder = List.copyOf(reversed);
  }

  /**
   * Builds the graph of {@code resources}, in their order.
   *
   * @throws IllegalArgumentException when a name is defined twice or a resource depends on a name
   *     that is not in the list (the validator reports both, with locations, before this runs)
   * @throws DependencyCycleException when the dependencies form a cycle
   */
  public static DependencyGraph of(List<ResourceSpec> resources) {
    int n = resources.size();
    List<ResourceName> nodes = new ArrayList<>(n);
    Map<String, Integer> indexOf = new HashMap<>(n * 2);
    for (ResourceSpec resource : resources) {
      if (indexOf.putIfAbsent(resource.name().value(), nodes.size()) != null) {
        throw new IllegalArgumentException("resource \"" + resource.name() + "\" defined twice");
      }
      nodes.add(resource.name());
    }
    int[][] dependencies = new int[n][];
    int[] dependentCount = new int[n];
    for (int node = 0; node < n; node++) {
      ResourceSpec resource = resources.get(node);
      List<ResourceName> explicit = resource.dependsOn();
      List<ResourceName> referenced = resource.references();
      int[] targets = new int[explicit.size() + referenced.size()];
      int count = 0;
      for (List<ResourceName> named : List.of(explicit, referenced)) {
        for (ResourceName name : named) {
          Integer target = indexOf.get(name.value());
          if (target == null) {
            throw new IllegalArgumentException(
                "resource \""
                    + resource.name()
                    + "\" depends on unknown resource \""
                    + name
                    + "\"");
          }
          targets[count++] = target;
        }
      }
      dependencies[node] = sortedDistinct(targets);
      for (int target : dependencies[node]) {
        dependentCount[target]++;
      }
    }
    int[][] dependents = invert(dependencies, dependentCount);
    int[] layerOf = layers(dependencies, dependents);
    if (layerOf == null) {
      throw new DependencyCycleException(firstCycle(nodes, dependencies));
    }
    return new DependencyGraph(
        List.copyOf(nodes),
        Collections.unmodifiableMap(indexOf),
        dependencies,
        dependents,
        layerOf);
  }

  /** Sorting puts dependencies in definition order and brings duplicates together. */
  private static int[] sortedDistinct(int[] values) {
    Arrays.sort(values);
    int distinct = 0;
    for (int i = 0; i < values.length; i++) {
      if (i == 0 || values[i] != values[i - 1]) {
        values[distinct++] = values[i];
      }
    }
    return distinct == values.length ? values : Arrays.copyOf(values, distinct);
  }

  /** Dependents lists come out ascending because sources are visited in ascending order. */
  private static int[][] invert(int[][] dependencies, int[] dependentCount) {
    int n = dependencies.length;
    int[][] dependents = new int[n][];
    for (int node = 0; node < n; node++) {
      dependents[node] = new int[dependentCount[node]];
    }
    int[] filled = new int[n];
    for (int node = 0; node < n; node++) {
      for (int target : dependencies[node]) {
        dependents[target][filled[target]++] = node;
      }
    }
    return dependents;
  }

  /**
   * Kahn's algorithm: each node's layer is one more than its deepest dependency's; null when some
   * nodes never become free, which means a cycle.
   */
  private static int[] layers(int[][] dependencies, int[][] dependents) {
    int n = dependencies.length;
    int[] waitingOn = new int[n];
    int[] layerOf = new int[n];
    int[] queue = new int[n];
    int head = 0;
    int tail = 0;
    for (int node = 0; node < n; node++) {
      waitingOn[node] = dependencies[node].length;
      if (waitingOn[node] == 0) {
        queue[tail++] = node;
      }
    }
    while (head < tail) {
      int node = queue[head++];
      for (int dependent : dependents[node]) {
        layerOf[dependent] = Math.max(layerOf[dependent], layerOf[node] + 1);
        if (--waitingOn[dependent] == 0) {
          queue[tail++] = dependent;
        }
      }
    }
    return tail == n ? layerOf : null;
  }

  private static List<ResourceName> firstCycle(List<ResourceName> nodes, int[][] dependencies) {
    int[] cycle = Cycles.findCycles(dependencies).get(0);
    List<ResourceName> names = new ArrayList<>(cycle.length);
    for (int node : cycle) {
      names.add(nodes.get(node));
    }
    return names;
  }

  private static List<List<ResourceName>> group(List<ResourceName> nodes, int[] layerOf) {
    int depth = 0;
    for (int layer : layerOf) {
      depth = Math.max(depth, layer + 1);
    }
    List<List<ResourceName>> layers = new ArrayList<>(depth);
    for (int layer = 0; layer < depth; layer++) {
      layers.add(new ArrayList<>());
    }
    for (int node = 0; node < nodes.size(); node++) {
      layers.get(layerOf[node]).add(nodes.get(node));
    }
    return layers.stream().map(List::copyOf).toList();
  }

  /** Every resource, in definition order. */
  public List<ResourceName> nodes() {
    return nodes;
  }

  /** What {@code name} depends on directly. */
  public Set<ResourceName> dependencies(ResourceName name) {
    return names(dependencies[index(name)]);
  }

  /** What depends on {@code name} directly. */
  public Set<ResourceName> dependents(ResourceName name) {
    return names(dependents[index(name)]);
  }

  /** Everything {@code name} needs first, directly or not. */
  public Set<ResourceName> transitiveDependencies(ResourceName name) {
    return reachable(index(name), dependencies);
  }

  /** Everything that cannot start when {@code name} fails. */
  public Set<ResourceName> transitiveDependents(ResourceName name) {
    return reachable(index(name), dependents);
  }

  /**
   * Topological layers: layer 0 depends on nothing, and each resource sits one layer above its
   * deepest dependency.
   */
  public List<List<ResourceName>> layers() {
    return layers;
  }

  /** The layers flattened: every resource after all its dependencies. */
  public List<ResourceName> topologicalOrder() {
    return topologicalOrder;
  }

  /** The exact reverse of {@link #topologicalOrder()}, for prune and destroy. */
  public List<ResourceName> reverseOrder() {
    return reverseOrder;
  }

  private int index(ResourceName name) {
    Integer index = indexOf.get(name.value());
    if (index == null) {
      throw new IllegalArgumentException("no resource \"" + name + "\" in the graph");
    }
    return index;
  }

  private Set<ResourceName> names(int[] indices) {
    Set<ResourceName> names = new LinkedHashSet<>();
    for (int index : indices) {
      names.add(nodes.get(index));
    }
    return Collections.unmodifiableSet(names);
  }

  /** A BitSet both marks what was reached and yields it in definition order. */
  private Set<ResourceName> reachable(int start, int[][] edges) {
    BitSet reached = new BitSet(nodes.size());
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(start);
    while (!queue.isEmpty()) {
      for (int next : edges[queue.poll()]) {
        if (!reached.get(next)) {
          reached.set(next);
          queue.add(next);
        }
      }
    }
    return names(reached.stream().toArray());
  }
}
