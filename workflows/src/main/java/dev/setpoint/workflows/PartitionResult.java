package dev.setpoint.workflows;

import dev.setpoint.orchestrator.report.ResourceResult;
import java.util.List;
import java.util.Map;

/**
 * What one slice did: the report entries of its resources, and what later slices need of them.
 *
 * @param handoffs by resource name, only those another slice waits on
 */
public record PartitionResult(List<ResourceResult> resources, Map<String, Handoff> handoffs) {

  public PartitionResult {
    resources = List.copyOf(resources);
    handoffs = Map.copyOf(handoffs);
  }
}
