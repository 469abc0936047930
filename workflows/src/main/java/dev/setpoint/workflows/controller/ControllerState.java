package dev.setpoint.workflows.controller;

import dev.setpoint.orchestrator.report.ResourceResult;
import dev.setpoint.orchestrator.report.ResourceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything a controller knows, carried from one run to the next through continue-as-new.
 *
 * @param environment the environment's name, from its definition; empty until one loaded
 * @param syncInterval how often to poll Git ({@code sync.interval} of the last loaded definition)
 * @param driftInterval how often to audit drift ({@code sync.driftInterval})
 * @param headRevision the branch head the last poll saw
 * @param lastAppliedRevision the last commit applied with every resource in sync
 * @param lastAttempt the last apply started or refused, and its outcome
 * @param resources every resource's state after the last apply that ran
 * @param lastAudit the last drift audit and its outcome
 * @param drift the resources the last audit found drifted (reverted or left in place)
 * @param suspended whether applies and reverts are held
 * @param pinnedRevision a commit the controller is held at instead of the head ({@code setpoint
 *     rollback}), until resumed
 * @param nextPollAt when the next poll is due
 * @param nextAuditAt when the next drift audit is due
 * @param recentRuns the last runs, newest first, at most {@link #RECENT_RUNS}
 */
public record ControllerState(
    String environment,
    Duration syncInterval,
    Duration driftInterval,
    String headRevision,
    String lastAppliedRevision,
    ControllerRun lastAttempt,
    List<ResourceResult> resources,
    ControllerRun lastAudit,
    List<ResourceResult> drift,
    boolean suspended,
    String pinnedRevision,
    Instant nextPollAt,
    Instant nextAuditAt,
    List<ControllerRun> recentRuns) {

  static final int RECENT_RUNS = 10;

  public ControllerState {
    resources = resources == null ? List.of() : List.copyOf(resources);
    drift = drift == null ? List.of() : List.copyOf(drift);
    recentRuns = recentRuns == null ? List.of() : List.copyOf(recentRuns);
  }

  /** A new controller: nothing known yet, the defaults of SPEC §1 until a definition loads. */
  static ControllerState initial() {
    return new ControllerState(
        "",
        Duration.ofMinutes(1),
        Duration.ofMinutes(30),
        null,
        null,
        null,
        List.of(),
        null,
        List.of(),
        false,
        null,
        null,
        null,
        List.of());
  }

  /** Whether the last audit left drift in place (a reverted resource is no longer drifted). */
  public boolean driftPresent() {
    return drift.stream().anyMatch(r -> r.status() != ResourceStatus.SUCCEEDED);
  }
}
