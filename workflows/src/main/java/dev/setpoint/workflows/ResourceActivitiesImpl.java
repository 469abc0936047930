package dev.setpoint.workflows;

import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.Provider;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ProviderException;
import dev.setpoint.orchestrator.provider.ProviderRegistry;
import dev.setpoint.orchestrator.provider.Readiness;
import dev.setpoint.orchestrator.provider.ResourceHandler;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one provider step per activity: builds the provider's context, keeps the activity
 * heartbeating while the provider works (so a dead worker's step moves to another within the
 * heartbeat timeout), and turns provider errors into failures the retry policy understands.
 */
public final class ResourceActivitiesImpl implements ResourceActivities {

  /** How often {@link ResourceHandler#ready} is asked while a resource settles. */
  static final Duration READY_POLL = Duration.ofSeconds(2);

  private final ProviderRegistry providers;
  private final SourceTrees sources;
  private final Path workRoot;

  /**
   * @param workRoot {@code SETPOINT_HOME/work}: per environment and resource, folders providers
   *     keep between runs
   */
  public ResourceActivitiesImpl(ProviderRegistry providers, SourceTrees sources, Path workRoot) {
    this.providers = providers;
    this.sources = sources;
    this.workRoot = workRoot;
  }

  @Override
  public PlanResult plan(ResourceStep step) {
    return run(
        step,
        (context, attempt) -> {
          ResourceHandler handler = providers.handler(step.spec().type());
          Observation observation = handler.observe(step.spec(), context);
          observation.checkManageable(step.spec());
          Plan plan = handler.diff(step.spec(), observation);
          return new PlanResult(plan, observation.exists(), observation.outputs(), attempt);
        });
  }

  @Override
  public ApplyResult apply(ResourceStep step) {
    return run(
        step,
        (context, attempt) -> {
          ResourceSpec spec = step.spec();
          ResourceHandler handler = providers.handler(spec.type());
          Observation observation = handler.observe(spec, context);
          observation.checkManageable(spec);
          Plan plan = handler.diff(spec, observation);
          if (plan.action() == Plan.Action.NONE) {
            return new ApplyResult(plan, observation.outputs(), attempt);
          }
          if (plan.action() == Plan.Action.REPLACE && !spec.allowReplace()) {
            throw ProviderException.invalid(
                spec.type()
                    + " \""
                    + spec.name()
                    + "\" must be replaced ("
                    + plan.reason()
                    + "): set allowReplace: true to let Setpoint destroy and recreate it");
          }
          context.progress(plan.action().reportName() + " " + spec.name());
          Outputs outputs = handler.apply(spec, plan, context);
          waitUntilReady(handler, spec, context);
          return new ApplyResult(plan, outputs, attempt);
        });
  }

  @Override
  public void delete(DeleteStep step) {
    ManagedResource managed = step.resource();
    ProviderContext context =
        context(managed.environment(), null, step.providerSettings(), null, managed.name());
    heartbeating(
        context,
        (live, attempt) -> {
          providers.handler(managed.type()).delete(managed, live);
          return null;
        });
  }

  @Override
  public List<ManagedResource> listManaged(ProviderStep step) {
    String name = step.providerSettings().provider();
    ProviderContext context = context(step.environment(), null, step.providerSettings(), null, "");
    return heartbeating(
        context,
        (live, attempt) -> {
          Provider provider =
              providers
                  .provider(name)
                  .orElseThrow(
                      () ->
                          ProviderException.invalid(
                              "no provider \""
                                  + name
                                  + "\" on this worker's task queue; run a worker that has it"));
          return provider.listManaged(step.environment(), live);
        });
  }

  @Override
  public List<ManagedResource> listManagedIn(ProviderStep step, List<String> names) {
    Set<String> among = new HashSet<>(names);
    return listManaged(step).stream().filter(managed -> among.contains(managed.name())).toList();
  }

  @Override
  public List<ManagedResource> listManagedOutside(ProviderStep step, List<String> names) {
    Set<String> among = new HashSet<>(names);
    return listManaged(step).stream().filter(managed -> !among.contains(managed.name())).toList();
  }

  private void waitUntilReady(ResourceHandler handler, ResourceSpec spec, ProviderContext context) {
    Readiness readiness = handler.ready(spec, context);
    while (!readiness.ready()) {
      context.progress("waiting: " + readiness.message());
      try {
        Thread.sleep(READY_POLL.toMillis());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw ProviderException.transientFailure("interrupted while waiting for readiness");
      }
      readiness = handler.ready(spec, context);
    }
  }

  private <T> T run(ResourceStep step, Step<T> work) {
    ProviderContext context =
        context(
            step.environment(),
            step.commitId(),
            step.providerSettings(),
            step.source() == null ? null : sources.tree(step.source(), step.commitId()),
            step.spec().name().value(),
            step.prune());
    return heartbeating(context, work);
  }

  private ProviderContext context(
      String environment,
      String commitId,
      dev.setpoint.orchestrator.model.ProviderSettings settings,
      dev.setpoint.orchestrator.git.SourceTree tree,
      String resource) {
    return context(environment, commitId, settings, tree, resource, true);
  }

  private ProviderContext context(
      String environment,
      String commitId,
      dev.setpoint.orchestrator.model.ProviderSettings settings,
      dev.setpoint.orchestrator.git.SourceTree tree,
      String resource,
      boolean prune) {
    Path work = workRoot.resolve(environment);
    if (!resource.isEmpty()) {
      work = work.resolve(resource);
    }
    return new ProviderContext(environment, commitId, settings, tree, work, detail -> {}, prune);
  }

  /** One provider step, with the context it may report progress through and the attempt. */
  @FunctionalInterface
  private interface Step<T> {
    T run(ProviderContext context, int attempt);
  }

  /**
   * Runs a step while a background thread heartbeats with the last progress the provider reported;
   * a cancelled or timed-out activity interrupts the step.
   */
  private <T> T heartbeating(ProviderContext base, Step<T> work) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    int attempt = activity.getInfo().getAttempt();
    AtomicReference<String> detail = new AtomicReference<>("started");
    Thread worker = Thread.currentThread();
    ScheduledExecutorService beat =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "setpoint-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
    Duration timeout = activity.getInfo().getHeartbeatTimeout();
    long period =
        Math.max(200, (timeout.isZero() ? Duration.ofSeconds(30) : timeout).toMillis() / 3);
    beat.scheduleAtFixedRate(
        () -> {
          try {
            activity.heartbeat(detail.get());
          } catch (ActivityCompletionException gone) {
            worker.interrupt();
          }
        },
        period,
        period,
        TimeUnit.MILLISECONDS);
    ProviderContext context =
        new ProviderContext(
            base.environment(),
            base.revision(),
            base.providerSettings(),
            base.sourceTree(),
            base.workDirectory(),
            detail::set,
            base.prune());
    try {
      return work.run(context, attempt);
    } catch (ProviderException failure) {
      throw Failures.fromProvider(failure, attempt);
    } catch (RuntimeException unexpected) {
      throw ApplicationFailure.newFailureWithCause(
          unexpected.getClass().getSimpleName() + ": " + unexpected.getMessage(),
          "Unexpected",
          unexpected,
          attempt);
    } finally {
      beat.shutdown(); // not shutdownNow: interrupting a heartbeat in flight only logs noise
    }
  }
}
