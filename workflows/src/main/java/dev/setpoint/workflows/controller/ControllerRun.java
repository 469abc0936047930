package dev.setpoint.workflows.controller;

import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunStatus;
import java.time.Instant;

/**
 * One child run of a controller, or one revision it refused before running anything.
 *
 * @param revision the commit the run reads
 * @param mode apply, or drift for an audit
 * @param revert for an audit: whether it reverted drift where policy allows
 * @param status running while under way; cancelled when superseded or stopped
 * @param message why it failed or was cancelled, in one line; null when it succeeded
 * @param workflowId the child's workflow ID, null when nothing ran (a refused revision)
 * @param runId the child's run ID
 * @param startedAt when the controller started it
 * @param endedAt when it ended, null while running
 */
public record ControllerRun(
    String revision,
    RunMode mode,
    boolean revert,
    RunStatus status,
    String message,
    String workflowId,
    String runId,
    Instant startedAt,
    Instant endedAt) {

  /** A revision refused before any run: its definition does not load, or it is not admitted. */
  static ControllerRun refused(String revision, String message, Instant at) {
    return new ControllerRun(
        revision, RunMode.APPLY, false, RunStatus.FAILED, message, null, null, at, at);
  }

  ControllerRun ended(RunStatus status, String message, Instant at) {
    return new ControllerRun(
        revision, mode, revert, status, message, workflowId, runId, startedAt, at);
  }

  /** Whether nothing ran because the revision itself was refused: retrying it cannot help. */
  public boolean refused() {
    return workflowId == null;
  }

  /** {@code apply 1a2b3c4: failed (net failed: quota exceeded)}. */
  public String describe() {
    return mode.reportName()
        + (revert ? " --revert" : "")
        + " "
        + EnvironmentControllerImpl.shortId(revision)
        + ": "
        + status.reportName()
        + (message == null ? "" : " (" + message + ")");
  }

  public boolean succeeded() {
    return status == RunStatus.SUCCEEDED;
  }
}
