package dev.setpoint.workflows;

import dev.setpoint.orchestrator.report.RunReport;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One slice of a large environment's run, a child of {@link ReconcileEnvironment}: loads only its
 * slice and walks it as the parent walks a small environment, so that no history grows with the
 * environment.
 */
@WorkflowInterface
public interface ReconcilePartition {

  @WorkflowMethod
  PartitionResult reconcile(PartitionRequest request);

  /**
   * The parent was cancelled: let the steps in flight finish, start no new ones, and return what
   * was done (a signal rather than a cancellation, so that the result still reaches the parent).
   */
  @SignalMethod
  void stop();

  /** The slice's report so far. */
  @QueryMethod
  RunReport progress();
}
