package dev.setpoint.workflows;

import java.util.List;

/**
 * A large environment cut into slices for child workflows, small whatever the environment's size:
 * the deterministic topological order cut into consecutive slices of at most {@code partitionSize}
 * resources, and for each slice only the indices of the slices it depends on.
 *
 * @param resources how many resources the environment has
 * @param upstream for each slice, the slices it depends on (all earlier in the order)
 * @param providers every provider the environment names or uses, for prune and destroy
 */
public record Partitioning(
    int resources, int partitionSize, List<List<Integer>> upstream, List<String> providers) {

  public Partitioning {
    upstream = upstream.stream().map(List::copyOf).toList();
    providers = List.copyOf(providers);
  }

  public int slices() {
    return upstream.size();
  }
}
