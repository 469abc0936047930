package dev.setpoint.workflows;

import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.report.ResourceStatus;
import java.util.List;

/**
 * What a resource of one slice passes to the later slices that wait on it: its outcome, for skips,
 * and its outputs (unredacted, as activity results carry them), for references.
 *
 * @param slices the slices that need it
 * @param blockedBy when skipped, the failures that blocked it, which block its dependents too
 */
public record Handoff(
    List<Integer> slices, ResourceStatus status, List<String> blockedBy, Outputs outputs) {

  public Handoff {
    slices = List.copyOf(slices);
    blockedBy = blockedBy == null ? List.of() : List.copyOf(blockedBy);
    outputs = outputs == null ? Outputs.none() : outputs;
  }
}
