package dev.setpoint.orchestrator.graph;

import dev.setpoint.orchestrator.model.ResourceName;
import java.util.List;

/** The resources depend on each other in a circle, so no order can apply them. */
public final class DependencyCycleException extends RuntimeException {

  private final List<ResourceName> cycle;

  /**
   * @param cycle closed: its first member again at the end ({@code [a, b, c, a]})
   */
  public DependencyCycleException(List<ResourceName> cycle) {
    super("dependency cycle: " + Cycles.format(cycle));
    this.cycle = List.copyOf(cycle);
  }

  /** The cycle, closed: {@code [a, b, c, a]}. */
  public List<ResourceName> cycle() {
    return cycle;
  }
}
