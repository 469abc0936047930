package dev.setpoint.workflows;

import dev.setpoint.orchestrator.provider.ManagedResource;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * One activity per resource step. Each is scheduled on its provider's task queue, so only that
 * provider's workers (and credentials) run it.
 */
@ActivityInterface(namePrefix = "Resource")
public interface ResourceActivities {

  /** Observes and diffs one resource; never mutates, so it can repeat freely. */
  PlanResult plan(ResourceStep step);

  /**
   * Observes, diffs and, unless live already matches, applies one resource, then waits until it is
   * ready. Safe to repeat after a crash: the provider finds by identity before it creates. A
   * replacement is refused unless the resource says {@code allowReplace: true}.
   */
  ApplyResult apply(ResourceStep step);

  /** Deletes one managed resource; absent is success, so a repeat is harmless. */
  void delete(DeleteStep step);

  /** Everything one provider finds with the environment's marks; never mutates. */
  List<ManagedResource> listManaged(ProviderStep step);

  /**
   * What one provider manages among {@code names} only: a partition's share, so that a destroy of a
   * large environment never carries the whole listing in one payload.
   */
  List<ManagedResource> listManagedIn(ProviderStep step, List<String> names);

  /** What one provider manages outside {@code names}: what a partitioned apply prunes. */
  List<ManagedResource> listManagedOutside(ProviderStep step, List<String> names);
}
