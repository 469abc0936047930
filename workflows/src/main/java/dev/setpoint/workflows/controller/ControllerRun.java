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
 * @param refused whether nothing ran because the revision itself is refused (its definition is
 *     invalid or its commit untrusted): retrying it cannot help, only a new commit can
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
    Instant endedAt,
    boolean refused) {

  /** A revision refused before any run: its definition is invalid, or it is not admitted. */
  static ControllerRun refused(String revision, String message, Instant at) {
    return new ControllerRun(
        revision, RunMode.APPLY, false, RunStatus.FAILED, message, null, null, at, at, true);
  }

  /**
   * A revision whose definition could not be read (Git unreachable, no worker, a timeout): nothing
   * ran, and the next poll tries again.
   */
  static ControllerRun unloaded(String revision, String message, Instant at) {
    return new ControllerRun(
        revision, RunMode.APPLY, false, RunStatus.FAILED, message, null, null, at, at, false);
  }

  /** A child run started now. */
  static ControllerRun started(
      String revision, RunMode mode, boolean revert, String workflowId, Instant at) {
    return new ControllerRun(
        revision, mode, revert, RunStatus.RUNNING, null, workflowId, null, at, null, false);
  }

  ControllerRun ended(RunStatus status, String message, String runId, Instant at) {
    return new ControllerRun(
        revision, mode, revert, status, message, workflowId, runId, startedAt, at, false);
  }

  /** Whether a child run started for it (not refused, not left unloaded). */
  public boolean ran() {
    return workflowId != null;
  }

  /**
   * {@code apply 1a2b3c4: failed (net failed: quota exceeded)}; {@code refused} or {@code not
   * loaded} when nothing ran.
   */
  public String describe() {
    String outcome =
        refused
            ? "refused"
            : ran() || status != RunStatus.FAILED ? status.reportName() : "not loaded";
    return mode.reportName()
        + (revert ? " --revert" : "")
        + " "
        + EnvironmentControllerImpl.shortId(revision)
        + ": "
        + outcome
        + (message == null ? "" : " (" + message + ")");
  }

  public boolean succeeded() {
    return status == RunStatus.SUCCEEDED;
  }

  /** Whether it ended without succeeding: failed, cancelled, refused or not loaded. */
  public boolean stoppedShort() {
    return status != RunStatus.SUCCEEDED && status != RunStatus.RUNNING;
  }
}
