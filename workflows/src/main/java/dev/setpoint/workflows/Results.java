package dev.setpoint.workflows;

import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.Plan.Action;
import dev.setpoint.orchestrator.report.ResourceResult;
import dev.setpoint.orchestrator.report.ResourceStatus;
import java.util.List;

/** The report entries a run writes, one factory per thing that can happen to a resource. */
final class Results {

  static final String NOT_STARTED = "not started: the run was cancelled before its turn";

  private Results() {}

  /** Not reached yet. */
  static ResourceResult waiting(ResourceSpec spec) {
    return of(spec, Action.NONE, ResourceStatus.PENDING, false, null, Outputs.none(), 0, null);
  }

  static ResourceResult skipped(ResourceSpec spec, List<String> blockedBy) {
    return new ResourceResult(
        spec.name().value(),
        spec.type(),
        Action.NONE,
        ResourceStatus.SKIPPED,
        false,
        List.of(),
        Outputs.none(),
        0,
        null,
        blockedBy);
  }

  static ResourceResult skipped(ManagedResource managed, List<String> blockedBy) {
    return new ResourceResult(
        managed.name(),
        managed.type(),
        Action.DELETE,
        ResourceStatus.SKIPPED,
        false,
        List.of(),
        Outputs.none(),
        0,
        null,
        blockedBy);
  }

  /** The run was cancelled before this resource's turn came. */
  static ResourceResult notStarted(ResourceSpec spec) {
    return of(
        spec, Action.NONE, ResourceStatus.SKIPPED, false, null, Outputs.none(), 0, NOT_STARTED);
  }

  static ResourceResult notStarted(ManagedResource managed) {
    return managed(managed, Action.DELETE, ResourceStatus.SKIPPED, 0, NOT_STARTED);
  }

  static ResourceResult failed(ResourceSpec spec, String error, int attempts) {
    return of(
        spec, Action.NONE, ResourceStatus.FAILED, false, null, Outputs.none(), attempts, error);
  }

  static ResourceResult failed(ManagedResource managed, String error, int attempts) {
    return managed(managed, Action.DELETE, ResourceStatus.FAILED, attempts, error);
  }

  /** Plan mode: what apply would do; a live value that differs from Git is drift. */
  static ResourceResult planned(ResourceSpec spec, Plan plan, Outputs outputs, int attempt) {
    boolean differs = plan.action() == Action.UPDATE || plan.action() == Action.REPLACE;
    return of(spec, plan.action(), ResourceStatus.PENDING, differs, plan, outputs, attempt, null);
  }

  static ResourceResult applied(ResourceSpec spec, Plan plan, Outputs outputs, int attempt) {
    return of(spec, plan.action(), ResourceStatus.SUCCEEDED, false, plan, outputs, attempt, null);
  }

  /** Drift audit of a resource whose policy is {@code ignore}: not even observed. */
  static ResourceResult ignored(ResourceSpec spec) {
    return of(spec, Action.NONE, ResourceStatus.SUCCEEDED, false, null, Outputs.none(), 0, null);
  }

  /** Drift audit that found live equal to Git (or failed: then it stays failed). */
  static ResourceResult inSync(ResourceResult planned) {
    if (planned.status() == ResourceStatus.FAILED) {
      return planned;
    }
    return with(planned, ResourceStatus.SUCCEEDED, false);
  }

  /** Drift reverted by an apply; drifted stays true, so the report shows what was found. */
  static ResourceResult reverted(ResourceResult applied) {
    return with(applied, applied.status(), true);
  }

  /** Drift found and, by policy or by request, left in place. */
  static ResourceResult driftLeftInPlace(ResourceResult planned) {
    return with(planned, ResourceStatus.PENDING, true);
  }

  static ResourceResult deleted(ManagedResource managed) {
    return managed(managed, Action.DELETE, ResourceStatus.SUCCEEDED, 1, null);
  }

  /** The report key of a provider whose managed resources could not be listed. */
  static String listingKey(String provider) {
    return "(" + provider + ")";
  }

  /** A provider that could not list what it manages: prune and destroy could not finish. */
  static ResourceResult listingFailed(String provider, String error, int attempts) {
    return new ResourceResult(
        listingKey(provider),
        provider + ":*",
        Action.DELETE,
        ResourceStatus.FAILED,
        false,
        List.of(),
        Outputs.none(),
        attempts,
        "could not list the resources provider " + provider + " manages: " + error,
        List.of());
  }

  /** A slice of a partitioned run whose child workflow failed as a whole (not one resource). */
  static ResourceResult sliceFailed(String key, String error) {
    return slice(key, ResourceStatus.FAILED, "the slice's workflow failed: " + error, List.of());
  }

  /** A slice not run because a slice it depends on failed as a whole. */
  static ResourceResult sliceSkipped(String key, List<String> blockedBy) {
    return slice(key, ResourceStatus.SKIPPED, null, blockedBy);
  }

  /** A slice not started because the run was cancelled first. */
  static ResourceResult sliceNotStarted(String key) {
    return slice(key, ResourceStatus.SKIPPED, NOT_STARTED, List.of());
  }

  private static ResourceResult slice(
      String key, ResourceStatus status, String error, List<String> blockedBy) {
    return new ResourceResult(
        key,
        "setpoint:slice",
        Action.NONE,
        status,
        false,
        List.of(),
        Outputs.none(),
        0,
        error,
        blockedBy);
  }

  /** Plan mode: prune would delete it. */
  static ResourceResult pruneplanned(ManagedResource managed) {
    return managed(managed, Action.DELETE, ResourceStatus.PENDING, 0, null);
  }

  /** {@code deletionPolicy: retain}: left in place, no longer managed. */
  static ResourceResult retained(ManagedResource managed) {
    return managed(managed, Action.NONE, ResourceStatus.SUCCEEDED, 0, null);
  }

  /** Destroy of a resource that does not exist live. */
  static ResourceResult absent(ResourceSpec spec) {
    return of(spec, Action.NONE, ResourceStatus.SUCCEEDED, false, null, Outputs.none(), 0, null);
  }

  private static ResourceResult of(
      ResourceSpec spec,
      Action action,
      ResourceStatus status,
      boolean drifted,
      Plan plan,
      Outputs outputs,
      int attempts,
      String error) {
    return new ResourceResult(
        spec.name().value(),
        spec.type(),
        action,
        status,
        drifted,
        plan == null ? List.of() : plan.changes(),
        // the run's result is a payload people read in Temporal's UI: no sensitive value in it
        Outputs.withSensitive(outputs.redacted(), outputs.sensitive()),
        attempts,
        error,
        List.of());
  }

  private static ResourceResult managed(
      ManagedResource managed, Action action, ResourceStatus status, int attempts, String error) {
    return new ResourceResult(
        managed.name(),
        managed.type(),
        action,
        status,
        false,
        List.of(),
        Outputs.none(),
        attempts,
        error,
        List.of());
  }

  private static ResourceResult with(
      ResourceResult result, ResourceStatus status, boolean drifted) {
    return new ResourceResult(
        result.name(),
        result.type(),
        result.action(),
        status,
        drifted,
        result.changes(),
        result.outputs(),
        result.attempts(),
        result.error(),
        result.blockedBy());
  }
}
