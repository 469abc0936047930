package dev.setpoint.workflows;

import dev.setpoint.orchestrator.report.RunReport;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * One run of plan, apply, drift or destroy of one environment at one commit: resolves the revision
 * and loads the definition in activities, then walks the dependency graph, one activity per
 * resource step, independent branches in parallel.
 */
@WorkflowInterface
public interface ReconcileEnvironment {

  @WorkflowMethod
  RunReport reconcile(ReconcileRequest request);

  /** The report so far: every resource's state, what failed and what it blocked. */
  @QueryMethod
  RunReport progress();

  /**
   * The child workflows of a run of a large environment, one per slice, in the order they started;
   * empty for a run in one workflow. Such a run's result names only what failed or drifted: read
   * {@link #progress} for every resource.
   */
  @QueryMethod
  List<String> partitions();

  /**
   * The plan an apply under {@code policy.approval: required} waits on, or null when nothing waits.
   */
  @QueryMethod
  PendingApproval pendingApproval();

  /** Lets the waiting apply proceed; returns the hash it approved. */
  @UpdateMethod
  String approve(String planHash);

  /**
   * Rejects an approval before it reaches the history: when nothing waits, or when {@code planHash}
   * is not the waiting plan's, so nobody approves a plan they did not read.
   */
  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(String planHash);
}
