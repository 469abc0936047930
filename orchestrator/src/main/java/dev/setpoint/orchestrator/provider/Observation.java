package dev.setpoint.orchestrator.provider;

import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.model.Values;
import java.util.Map;
import java.util.Objects;

/**
 * What a resource looks like live, as {@link ResourceHandler#observe} found it by its identity.
 *
 * @param ownership whether it exists and whose marks it carries
 * @param id the provider's id of the live thing, for messages ({@code vpc-0abc}), or null when
 *     absent
 * @param state the live values of the properties the spec sets, shaped like the spec's properties;
 *     fields the spec does not set are left out, so they can never read as drift
 * @param outputs its outputs; in {@code plan} mode they resolve the references of its dependents
 */
public record Observation(
    Ownership ownership, String id, Map<String, Object> state, Outputs outputs) {

  /** Whether the resource exists, and whether Setpoint may manage it. */
  public enum Ownership {
    /** Nothing with the resource's identity exists. */
    ABSENT,
    /** It exists and carries this environment's and this resource's marks. */
    MANAGED,
    /** It exists without Setpoint's marks: only {@code adopt: true} lets Setpoint take it over. */
    UNMANAGED,
    /** It carries the marks of another environment or resource: Setpoint never touches it. */
    MANAGED_ELSEWHERE
  }

  public Observation {
    Objects.requireNonNull(ownership, "ownership");
    state = Values.immutableMap(state);
    outputs = outputs == null ? Outputs.none() : outputs;
    if (ownership == Ownership.ABSENT && (!state.isEmpty() || !outputs.values().isEmpty())) {
      throw new IllegalArgumentException("an absent resource has no live state and no outputs");
    }
  }

  public static Observation absent() {
    return new Observation(Ownership.ABSENT, null, Map.of(), Outputs.none());
  }

  /** It exists with this environment's and resource's marks. */
  public static Observation managed(String id, Map<String, ?> state, Outputs outputs) {
    return new Observation(Ownership.MANAGED, id, Values.immutableMap(state), outputs);
  }

  /** It exists, without Setpoint's marks. */
  public static Observation unmanaged(String id, Map<String, ?> state, Outputs outputs) {
    return new Observation(Ownership.UNMANAGED, id, Values.immutableMap(state), outputs);
  }

  /** It exists with the marks of another environment or resource; its state is not read. */
  public static Observation managedElsewhere(String id) {
    return new Observation(Ownership.MANAGED_ELSEWHERE, id, Map.of(), Outputs.none());
  }

  public boolean exists() {
    return ownership != Ownership.ABSENT;
  }

  /**
   * Refuses a live match that Setpoint may not manage: one without Setpoint's marks unless the spec
   * says {@code adopt: true}, and one marked for another environment or resource always. The
   * orchestrator calls it between {@code observe} and {@code diff}.
   *
   * @throws ProviderException of kind {@link ProviderException.Kind#INVALID}: Git must change
   */
  public void checkManageable(ResourceSpec spec) {
    String what = spec.type() + " \"" + spec.name() + "\": " + (id == null ? "it" : id);
    if (ownership == Ownership.UNMANAGED && !spec.adopt()) {
      throw ProviderException.invalid(
          what
              + " already exists and Setpoint does not manage it; set adopt: true to take it over,"
              + " or give the resource another identity");
    }
    if (ownership == Ownership.MANAGED_ELSEWHERE) {
      throw ProviderException.invalid(
          what
              + " already exists and carries the Setpoint marks of another environment or resource;"
              + " give the resource another identity, or remove it from its current owner first");
    }
  }
}
