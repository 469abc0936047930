package dev.setpoint.workflows;

import dev.setpoint.orchestrator.report.RunReport;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

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
}
