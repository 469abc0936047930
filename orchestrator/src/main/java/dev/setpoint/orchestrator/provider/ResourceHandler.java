package dev.setpoint.orchestrator.provider;

import dev.setpoint.orchestrator.model.ResourceSpec;

/**
 * Everything Setpoint does to one resource type, as four questions the workflow asks in order: what
 * is live ({@link #observe}), what would change ({@link #diff}), make it so ({@link #apply}), and
 * remove it ({@link #delete}). Every method may run again after a crash or a retry, on another
 * worker, so each is idempotent. Failures are {@link ProviderException}s.
 *
 * <p>The {@link ResourceSpec} a handler receives has its references resolved: its properties are
 * plain values, with property paths relative to the repository root.
 */
public interface ResourceHandler {

  /** The type this handler manages, as {@code aws:ec2/Vpc}; its prefix is the provider's name. */
  String type();

  /**
   * Finds the resource by its identity and reads its live state; it never mutates anything, so it
   * can be called any number of times.
   */
  Observation observe(ResourceSpec spec, ProviderContext context);

  /**
   * Compares the spec with an observation; it is pure (no I/O, same answer for the same input),
   * because {@code plan} prints it and drift is defined by it. A change to an immutable property is
   * a {@link Plan#replace}; {@link Diffs#plan} implements the usual rules. It is called only for an
   * observation that passed {@link Observation#checkManageable}.
   */
  Plan diff(ResourceSpec spec, Observation observation);

  /**
   * Makes the live resource match the spec as the plan says, and returns its outputs; it is safe to
   * repeat after a crash half-way: it finds the resource by identity before creating it, writes the
   * identity marks at create time, and refuses to touch an unmarked match unless the spec says
   * {@code adopt: true}.
   */
  Outputs apply(ResourceSpec spec, Plan plan, ProviderContext context);

  /**
   * Removes a managed resource; removing one that is already absent succeeds, so a repeat after a
   * crash is harmless.
   */
  void delete(ManagedResource resource, ProviderContext context);

  /**
   * Whether the resource is healthy enough for its dependents to start, after {@link #apply}; it
   * never mutates, and the workflow polls it until ready or the resource's timeout. Ready by
   * default.
   */
  default Readiness ready(ResourceSpec spec, ProviderContext context) {
    return Readiness.READY;
  }
}
