package dev.setpoint.orchestrator.provider;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What applying a resource would do, and why; {@code plan} prints it and drift means it is not
 * {@link Action#NONE}. Build it through the static factories.
 *
 * @param changes the fields that differ, in property order; empty for {@code NONE} and {@code
 *     DELETE}
 * @param reason one line on why, for people, or null when the action speaks for itself
 */
public record Plan(Action action, List<Change> changes, String reason) {

  static final String ADOPT_REASON = "adopt it: add Setpoint's identity marks";

  /** What a plan does to the live resource. */
  public enum Action {
    /** Nothing with the resource's identity exists: make it. */
    CREATE,
    /** Change the fields that differ, in place. */
    UPDATE,
    /**
     * Destroy and make anew, because a field that cannot change in place differs; the orchestrator
     * applies it only for a resource with {@code allowReplace: true}.
     */
    REPLACE,
    /** Remove it: it left Git (prune) or the environment is being destroyed. */
    DELETE,
    /** Live matches Git. */
    NONE;

    /** The lower-case name reports use: {@code create}. */
    public String reportName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Plan {
    Objects.requireNonNull(action, "action");
    changes = changes == null ? List.of() : List.copyOf(changes);
    if (!changes.isEmpty() && (action == Action.NONE || action == Action.DELETE)) {
      throw new IllegalArgumentException("a " + action.reportName() + " plan has no changes");
    }
  }

  /** Make the resource, with nothing to show for its fields. */
  public static Plan create() {
    return new Plan(Action.CREATE, List.of(), null);
  }

  /**
   * Make the resource.
   *
   * @param settings the fields it is made with, each with a null {@code before}; may be empty when
   *     listing them would not help (a folder of manifests)
   */
  public static Plan create(List<Change> settings) {
    return new Plan(Action.CREATE, settings, null);
  }

  /**
   * Change fields in place.
   *
   * @throws IllegalArgumentException when {@code changes} is empty: nothing to change is {@link
   *     #none()}
   */
  public static Plan update(List<Change> changes) {
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("an update changes at least one field: use Plan.none()");
    }
    return new Plan(Action.UPDATE, changes, null);
  }

  /**
   * Take over a resource that exists without Setpoint's marks ({@code adopt: true}): an update that
   * writes the marks, with the fields that also differ, possibly none.
   */
  public static Plan adopt(List<Change> changes) {
    return new Plan(Action.UPDATE, changes, ADOPT_REASON);
  }

  /**
   * Destroy and make anew.
   *
   * @param reason which field forces it, as {@code cidrBlock cannot change in place}
   */
  public static Plan replace(List<Change> changes, String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a replacement says which field forces it");
    }
    return new Plan(Action.REPLACE, changes, reason);
  }

  public static Plan delete() {
    return new Plan(Action.DELETE, List.of(), null);
  }

  public static Plan none() {
    return new Plan(Action.NONE, List.of(), null);
  }

  /**
   * What {@code path} was before this plan, as its change records it (a rename's old name); null
   * when the plan does not change it or it had no value.
   */
  public Object before(String path) {
    return changes.stream()
        .filter(change -> change.path().equals(path) && change.before() != null)
        .map(Change::before)
        .findFirst()
        .orElse(null);
  }
}
