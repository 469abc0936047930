package dev.setpoint.workflows;

import dev.setpoint.orchestrator.report.RunReport;

/** Walks one slice with the same code that walks a small environment. */
public class ReconcilePartitionImpl implements ReconcilePartition {

  private final ReconcileEnvironmentImpl run = new ReconcileEnvironmentImpl();

  @Override
  public PartitionResult reconcile(PartitionRequest request) {
    return run.reconcileSlice(request);
  }

  @Override
  public void stop() {
    run.stop();
  }

  @Override
  public RunReport progress() {
    return run.progress();
  }
}
