package dev.setpoint.orchestrator.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Finds dependency cycles in any graph, so the validator can report them before specs exist. */
public final class Cycles {

  private Cycles() {}

  /**
   * One cycle per strongly connected component that has one (self-loops included).
   *
   * <p>Each cycle is a shortest cycle through the component's member that comes first in the map's
   * iteration order, starts and ends at that member ({@code [a, b, c, a]}) and follows real edges,
   * taken in the order each edge collection iterates. Cycles are listed in order of their first
   * member. Edges to keys absent from the map are ignored.
   *
   * @param edges each node and the nodes it has edges to (for dependencies: what it depends on)
   */
  public static <T> List<List<T>> findCycles(Map<T, ? extends Collection<T>> edges) {
    List<T> nodes = new ArrayList<>(edges.keySet());
    Map<T, Integer> indexOf = new HashMap<>(nodes.size() * 2);
    for (int i = 0; i < nodes.size(); i++) {
      indexOf.put(nodes.get(i), i);
    }
    int[][] adjacency = new int[nodes.size()][];
    for (int i = 0; i < nodes.size(); i++) {
      Collection<T> targets = edges.get(nodes.get(i));
      adjacency[i] =
          targets == null
              ? new int[0]
              : targets.stream()
                  .map(indexOf::get)
                  .filter(target -> target != null)
                  .mapToInt(Integer::intValue)
                  .toArray();
    }
    List<List<T>> cycles = new ArrayList<>();
    for (int[] cycle : findCycles(adjacency)) {
      List<T> members = new ArrayList<>(cycle.length);
      for (int node : cycle) {
        members.add(nodes.get(node));
      }
      cycles.add(Collections.unmodifiableList(members));
    }
    return Collections.unmodifiableList(cycles);
  }

  /** The cycle as people read it: {@code a -> b -> c -> a}. */
  public static String format(List<?> cycle) {
    return String.join(" -> ", cycle.stream().map(String::valueOf).toList());
  }

  /**
   * {@link #findCycles(Map)} over nodes numbered {@code 0..n-1}, where the numbering is the
   * iteration order; each returned array is a closed cycle of node numbers.
   */
  static List<int[]> findCycles(int[][] adjacency) {
    int[] component = stronglyConnectedComponents(adjacency);
    int n = adjacency.length;
    // Nodes are visited in ascending order, so the first node seen of a component is its first
    // member.
    boolean[] seen = new boolean[n];
    int[] size = new int[n];
    for (int node = 0; node < n; node++) {
      size[component[node]]++;
    }
    List<int[]> cycles = new ArrayList<>();
    for (int node = 0; node < n; node++) {
      int c = component[node];
      if (seen[c]) {
        continue;
      }
      seen[c] = true;
      if (size[c] > 1 || hasSelfLoop(adjacency, node)) {
        cycles.add(shortestCycleThrough(adjacency, component, node));
      }
    }
    return cycles;
  }

  private static boolean hasSelfLoop(int[][] adjacency, int node) {
    for (int target : adjacency[node]) {
      if (target == node) {
        return true;
      }
    }
    return false;
  }

  /** Breadth-first search inside the start's component until an edge leads back to the start. */
  private static int[] shortestCycleThrough(int[][] adjacency, int[] component, int start) {
    int[] parent = new int[adjacency.length];
    Arrays.fill(parent, -1);
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(start);
    parent[start] = start;
    while (!queue.isEmpty()) {
      int node = queue.poll();
      for (int target : adjacency[node]) {
        if (target == start) {
          return closedPath(parent, start, node);
        }
        if (component[target] == component[start] && parent[target] < 0) {
          parent[target] = node;
          queue.add(target);
        }
      }
    }
    throw new IllegalStateException("no cycle through node " + start + " of a cyclic component");
  }

  private static int[] closedPath(int[] parent, int start, int last) {
    List<Integer> backwards = new ArrayList<>();
    backwards.add(start);
    for (int node = last; node != start; node = parent[node]) {
      backwards.add(node);
    }
    backwards.add(start);
    Collections.reverse(backwards);
    return backwards.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Tarjan's algorithm with an explicit call stack, so a chain of thousands of nodes cannot
   * overflow the thread's stack; returns each node's component number.
   */
  private static int[] stronglyConnectedComponents(int[][] adjacency) {
    int n = adjacency.length;
    int[] order = new int[n];
    Arrays.fill(order, -1);
    int[] low = new int[n];
    int[] nextEdge = new int[n];
    int[] component = new int[n];
    boolean[] onStack = new boolean[n];
    int[] stack = new int[n];
    int stackSize = 0;
    int[] calls = new int[n];
    int counter = 0;
    int components = 0;
    for (int root = 0; root < n; root++) {
      if (order[root] >= 0) {
        continue;
      }
      int depth = 0;
      calls[depth++] = root;
      order[root] = low[root] = counter++;
      stack[stackSize++] = root;
      onStack[root] = true;
      while (depth > 0) {
        int node = calls[depth - 1];
        if (nextEdge[node] < adjacency[node].length) {
          int target = adjacency[node][nextEdge[node]++];
          if (order[target] < 0) {
            order[target] = low[target] = counter++;
            stack[stackSize++] = target;
            onStack[target] = true;
            calls[depth++] = target;
          } else if (onStack[target]) {
            low[node] = Math.min(low[node], order[target]);
          }
          continue;
        }
        depth--;
        if (low[node] == order[node]) {
          int member;
          do {
            member = stack[--stackSize];
            onStack[member] = false;
            component[member] = components;
          } while (member != node);
          components++;
        }
        if (depth > 0) {
          int caller = calls[depth - 1];
          low[caller] = Math.min(low[caller], low[node]);
        }
      }
    }
    return component;
  }
}
