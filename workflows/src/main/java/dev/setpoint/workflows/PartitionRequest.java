package dev.setpoint.workflows;

import java.util.Map;

/**
 * One slice of a partitioned run, for {@link ReconcilePartition}.
 *
 * @param run the parent's request
 * @param revision the commit the parent resolved
 * @param index which slice
 * @param upstream the outcomes and outputs of earlier slices' resources this slice waits on
 */
public record PartitionRequest(
    ReconcileRequest run, String revision, int index, Map<String, Handoff> upstream) {

  public PartitionRequest {
    upstream = Map.copyOf(upstream);
  }
}
