package dev.setpoint.workflows;

import dev.setpoint.orchestrator.graph.DependencyGraph;
import dev.setpoint.orchestrator.model.ApprovalPolicy;
import dev.setpoint.orchestrator.model.DeletionPolicy;
import dev.setpoint.orchestrator.model.DriftPolicy;
import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import dev.setpoint.orchestrator.model.ReferenceException;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.model.Templates;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.report.PlanHash;
import dev.setpoint.orchestrator.report.ResourceResult;
import dev.setpoint.orchestrator.report.ResourceStatus;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import dev.setpoint.workflows.notify.Announcements;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Walks the dependency graph of one environment. Everything here is deterministic: the graph,
 * reference resolution and the bookkeeping are pure functions of what the activities returned,
 * which the history records.
 */
public class ReconcileEnvironmentImpl implements ReconcileEnvironment {

  /** What dependents of a resource see in plan mode for outputs that only an apply makes. */
  static final String KNOWN_AFTER_APPLY = "(known after apply)";

  /** A partitioned run's result lists at most this many failed or drifted resources. */
  static final int PARTITIONED_RESULT_LIMIT = 200;

  /** Slices running at once; each runs up to {@code parallelism} steps. */
  static final int CONCURRENT_SLICES = 4;

  private final Map<String, ResourceResult> results = new LinkedHashMap<>();
  private final Map<String, Outputs> outputs = new LinkedHashMap<>();

  /** Providers whose managed resources could not be listed in this run. */
  private final Set<String> unlisted = new LinkedHashSet<>();

  private ReconcileRequest request;
  private String environment = "";
  private String revision;
  private EnvironmentDefinition definition;
  private RunStatus ended;

  /** The plan waiting for approval, while one waits. */
  private PendingApproval pending;

  private String approvedHash;

  /** How a large environment is cut, for a partitioned run's parent; null otherwise. */
  private Partitioning partitions;

  /** In a slice: the outcomes and outputs of earlier slices' resources it waits on. */
  private final Map<String, Handoff> upstream = new LinkedHashMap<>();

  /** In a slice: the parent was cancelled and asked this slice to stop. */
  private boolean stopRequested;

  /** Of a partitioned run: the child workflow of each slice started so far. */
  private final List<String> children = new ArrayList<>();

  @Override
  public RunReport reconcile(ReconcileRequest request) {
    this.request = request;
    SourceActivities source =
        SourceActivities.stub(request.settings(), "read " + request.source().describe());
    ResolvedRevision resolved = source.resolve(request.source());
    revision = resolved.commitId();
    RunSearchAttributes.revision(revision);
    LoadedDefinition loaded =
        source.load(
            request.source(),
            revision,
            request.mutating() ? request.trust() : null,
            request.settings().partitionSize());
    definition = loaded.definition();
    environment = definition.name();
    if (loaded.partitions() != null) {
      return reconcilePartitioned(loaded.partitions());
    }
    DependencyGraph graph = DependencyGraph.of(definition.resources());
    for (ResourceSpec spec : definition.resources()) {
      results.put(spec.name().value(), Results.waiting(spec));
    }
    showProgress();
    switch (request.mode()) {
      case PLAN -> planAll(graph);
      case APPLY -> {
        if (definition.policy().approval() == ApprovalPolicy.REQUIRED && !approved(graph)) {
          break;
        }
        walk(graph.topologicalOrder(), graph::dependencies, this::apply);
        if (definition.policy().prune() && !cancelRequested()) {
          deleteInOrder(stale(providers()));
        }
      }
      case DRIFT -> walk(graph.topologicalOrder(), graph::dependencies, this::audit);
      case DESTROY -> destroy(graph, providers());
    }
    RunSearchAttributes.drifted(results.values().stream().anyMatch(ResourceResult::drifted));
    ended = finalStatus();
    showProgress();
    RunReport report = report(ended);
    new Announcements(definition.notifications()).ended(report, request.revert());
    return report;
  }

  /**
   * A run of an environment larger than one partition: one child workflow per slice, each started
   * once the slices it depends on have finished, then prune as a small run prunes. The result names
   * only what failed or drifted; the {@code progress} query holds every resource.
   */
  private RunReport reconcilePartitioned(Partitioning partitioning) {
    partitions = partitioning;
    if (request.mode() == RunMode.APPLY
        && definition.policy().approval() == ApprovalPolicy.REQUIRED) {
      throw ApplicationFailure.newNonRetryableFailure(
          "environment \""
              + environment
              + "\" has "
              + partitioning.resources()
              + " resources, more than one partition ("
              + partitioning.partitionSize()
              + "), and policy.approval: required is not supported for partitioned runs: approve"
              + " by merge review and set policy.approval to none, or split the environment",
          Failures.INVALID_DEFINITION);
    }
    showProgress();
    switch (request.mode()) {
      case PLAN -> {
        runSlices(false);
        if (definition.policy().prune()) {
          stale(partitioning.providers())
              .forEach(managed -> results.put(managed.name(), Results.pruneplanned(managed)));
        }
      }
      case APPLY -> {
        runSlices(false);
        if (definition.policy().prune() && !cancelRequested()) {
          deleteInOrder(stale(partitioning.providers()));
        }
      }
      case DRIFT -> runSlices(false);
      case DESTROY -> {
        // Slices delete in reverse order; what is left marked afterwards has left Git.
        runSlices(true);
        deleteInOrder(stale(partitioning.providers()));
      }
    }
    RunSearchAttributes.drifted(results.values().stream().anyMatch(ResourceResult::drifted));
    ended = finalStatus();
    showProgress();
    RunReport full = report(ended);
    RunReport notable =
        new RunReport(
            full.environment(),
            full.revision(),
            full.mode(),
            full.status(),
            full.workflowId(),
            full.runId(),
            full.resources().stream()
                .filter(r -> r.status() == ResourceStatus.FAILED || r.drifted())
                .limit(PARTITIONED_RESULT_LIMIT)
                .toList());
    new Announcements(definition.notifications()).ended(notable, request.revert());
    return notable;
  }

  /**
   * Runs every slice in a child workflow, up to {@link #CONCURRENT_SLICES} at once, each after the
   * slices it depends on (for a destroy, after those that depend on it), handing each only the
   * outcomes and outputs of earlier resources it waits on.
   */
  private void runSlices(boolean deleting) {
    int count = partitions.slices();
    List<Set<Integer>> before = new ArrayList<>();
    for (int slice = 0; slice < count; slice++) {
      before.add(new java.util.TreeSet<>());
    }
    for (int slice = 0; slice < count; slice++) {
      for (int up : partitions.upstream().get(slice)) {
        if (deleting) {
          before.get(up).add(slice);
        } else {
          before.get(slice).add(up);
        }
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int slice = 0; slice < count; slice++) {
      order.add(deleting ? count - 1 - slice : slice);
    }
    Map<Integer, Map<String, Handoff>> inbox = new HashMap<>();
    Set<Integer> done = new HashSet<>();
    Set<Integer> broken = new HashSet<>();
    Map<Integer, Promise<PartitionResult>> running = new LinkedHashMap<>();
    Map<Integer, ReconcilePartition> stubs = new HashMap<>();
    boolean stopped = false;
    while (done.size() < count) {
      boolean stopping = cancelRequested();
      if (stopping && !stopped) {
        stopped = true;
        running.keySet().forEach(slice -> stop(stubs.get(slice)));
      }
      for (int slice : order) {
        if (done.contains(slice) || running.containsKey(slice)) {
          continue;
        }
        if (stopping) {
          results.put(sliceKey(slice), Results.sliceNotStarted(sliceKey(slice)));
          done.add(slice);
          continue;
        }
        List<String> blockedBy =
            before.get(slice).stream().filter(broken::contains).map(this::sliceKey).toList();
        if (!blockedBy.isEmpty()) {
          results.put(sliceKey(slice), Results.sliceSkipped(sliceKey(slice), blockedBy));
          broken.add(slice);
          done.add(slice);
        } else if (done.containsAll(before.get(slice)) && running.size() < CONCURRENT_SLICES) {
          ReconcilePartition child = child(slice, count);
          PartitionRequest part =
              new PartitionRequest(request, revision, slice, inbox.getOrDefault(slice, Map.of()));
          inbox.remove(slice);
          stubs.put(slice, child);
          running.put(slice, outlivingCancellation(() -> child.reconcile(part)));
        }
      }
      if (running.isEmpty()) {
        continue;
      }
      awaitAny(running.values());
      for (var finished : List.copyOf(running.entrySet())) {
        if (!finished.getValue().isCompleted()) {
          continue;
        }
        int slice = finished.getKey();
        try {
          PartitionResult result = finished.getValue().get();
          result.resources().forEach(r -> results.put(r.name(), r));
          result
              .handoffs()
              .forEach(
                  (name, handoff) ->
                      handoff
                          .slices()
                          .forEach(
                              target ->
                                  inbox
                                      .computeIfAbsent(target, t -> new LinkedHashMap<>())
                                      .put(name, handoff)));
        } catch (ChildWorkflowFailure failure) {
          broken.add(slice);
          results.put(sliceKey(slice), Results.sliceFailed(sliceKey(slice), rootMessage(failure)));
        }
        running.remove(slice);
        done.add(slice);
      }
      showProgress();
    }
  }

  /**
   * The child workflow of one slice, under the parent's ID so the Temporal UI shows them together.
   */
  private ReconcilePartition child(int slice, int count) {
    children.add(Workflow.getInfo().getWorkflowId() + "/part-" + slice);
    return Workflow.newChildWorkflowStub(
        ReconcilePartition.class,
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(children.get(children.size() - 1))
            .setTaskQueue(request.settings().defaultTaskQueue())
            .setStaticSummary(
                request.mode().reportName()
                    + " "
                    + environment
                    + ": slice "
                    + slice
                    + " of 0.."
                    + (count - 1))
            .build());
  }

  /** The report key of a slice whose child workflow failed as a whole. */
  private String sliceKey(int slice) {
    return "(part-" + slice + ")";
  }

  /** Asks a running slice to stop, once it has started; a slice that already ended ignores it. */
  private static void stop(ReconcilePartition child) {
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                Workflow.getWorkflowExecution(child).get();
                child.stop();
              } catch (ChildWorkflowFailure | SignalExternalWorkflowException ended) {
                // It finished meanwhile: nothing to stop.
              }
            })
        .run();
  }

  /**
   * Waits until one of {@code running} completes, or the run is cancelled; once cancelled, until
   * one completes (slices stop by themselves when asked).
   */
  private void awaitAny(Collection<Promise<PartitionResult>> running) {
    if (!cancelRequested()) {
      try {
        Workflow.await(() -> cancelRequested() || running.stream().anyMatch(Promise::isCompleted));
        return;
      } catch (CanceledFailure cancelled) {
        return;
      }
    }
    Promise.anyOf(running).get();
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && !(cause instanceof io.temporal.failure.ActivityFailure)) {
      cause = cause.getCause();
    }
    if (cause instanceof io.temporal.failure.ActivityFailure activity) {
      return Failures.message(activity);
    }
    return cause instanceof TemporalFailure temporal
        ? temporal.getOriginalMessage()
        : cause.getMessage();
  }

  /** One slice of a partitioned run, in its child workflow: load it, then walk it. */
  PartitionResult reconcileSlice(PartitionRequest part) {
    request = part.run();
    revision = part.revision();
    boolean deleting = request.mode() == RunMode.DESTROY;
    Slice slice =
        SourceActivities.stub(
                request.settings(),
                "read slice " + part.index() + " of " + request.source().describe())
            .slice(
                request.source(),
                revision,
                request.settings().partitionSize(),
                part.index(),
                deleting);
    definition = slice.definition();
    environment = definition.name();
    upstream.putAll(part.upstream());
    part.upstream().forEach((name, handoff) -> outputs.put(name, handoff.outputs()));
    for (ResourceSpec spec : definition.resources()) {
      results.put(spec.name().value(), Results.waiting(spec));
    }
    showProgress();
    List<ResourceName> order = slice.order().stream().map(ResourceName::new).toList();
    Function<ResourceName, Set<ResourceName>> prerequisites =
        name ->
            slice.prerequisites().getOrDefault(name.value(), List.of()).stream()
                .map(ResourceName::new)
                .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
    switch (request.mode()) {
      case PLAN -> walk(order, prerequisites, this::plan);
      case APPLY -> walk(order, prerequisites, this::apply);
      case DRIFT -> walk(order, prerequisites, this::audit);
      case DESTROY -> {
        List<String> names = List.copyOf(slice.order());
        Map<String, ManagedResource> live = new LinkedHashMap<>();
        Set<String> providers = new java.util.TreeSet<>();
        definition.resources().forEach(spec -> providers.add(spec.provider()));
        for (String provider : providers) {
          listManaged(provider, (steps, step) -> steps.listManagedIn(step, names))
              .forEach(managed -> live.putIfAbsent(managed.name(), managed));
        }
        walk(order, prerequisites, spec -> destroy(spec, live));
      }
    }
    ended = finalStatus();
    showProgress();
    Map<String, Handoff> handoffs = new LinkedHashMap<>();
    slice
        .consumers()
        .forEach(
            (name, slices) -> {
              ResourceResult result = results.get(name);
              handoffs.put(
                  name,
                  new Handoff(
                      slices,
                      result.status(),
                      result.blockedBy(),
                      outputs.getOrDefault(name, Outputs.none())));
            });
    return new PartitionResult(List.copyOf(results.values()), handoffs);
  }

  /** The parent of this slice was cancelled: finish what is in flight, start nothing new. */
  void stop() {
    stopRequested = true;
  }

  @Override
  public List<String> partitions() {
    return List.copyOf(children);
  }

  /** The environment-wide plan: every resource's observe and diff, and what prune would delete. */
  private void planAll(DependencyGraph graph) {
    walk(graph.topologicalOrder(), graph::dependencies, this::plan);
    if (definition.policy().prune()) {
      stale(providers())
          .forEach(managed -> results.put(managed.name(), Results.pruneplanned(managed)));
    }
  }

  /**
   * The approval gate: plans the whole environment as {@code setpoint plan} would, publishes the
   * plan and its hash, and waits for {@code setpoint approve} to name that hash. A plan without
   * changes needs nobody's approval. False when the run must not apply: its plan failed somewhere
   * (the report shows where), or it was cancelled while waiting (a newer commit superseded it).
   */
  private boolean approved(DependencyGraph graph) {
    planAll(graph);
    RunReport plan =
        new RunReport(
            environment,
            revision,
            RunMode.PLAN,
            RunStatus.RUNNING,
            Workflow.getInfo().getWorkflowId(),
            Workflow.getInfo().getRunId(),
            List.copyOf(results.values()));
    if (plan.resources().stream().anyMatch(r -> r.status() == ResourceStatus.FAILED)) {
      return false;
    }
    boolean changes = plan.resources().stream().anyMatch(r -> r.action() != Plan.Action.NONE);
    if (changes) {
      pending = new PendingApproval(PlanHash.of(plan), plan);
      Workflow.setCurrentDetails(
          "waiting for approval of plan "
              + pending.planHash()
              + ": "
              + pending.approveCommand()
              + "\n\n"
              + ProgressTable.markdown(RunMode.PLAN, revision, results.values()));
      new Announcements(definition.notifications()).waiting(pending);
      try {
        Workflow.await(() -> approvedHash != null || cancelRequested());
      } catch (CanceledFailure cancelled) {
        // Ends below as cancelled, with nothing applied.
      }
      pending = null;
    }
    // The apply reports what it did, not what the plan found.
    results.clear();
    outputs.clear();
    unlisted.clear();
    for (ResourceSpec spec : definition.resources()) {
      results.put(
          spec.name().value(),
          cancelRequested() ? Results.notStarted(spec) : Results.waiting(spec));
    }
    showProgress();
    return !cancelRequested();
  }

  @Override
  public PendingApproval pendingApproval() {
    return pending;
  }

  @Override
  public void validateApprove(String planHash) {
    if (pending == null) {
      throw new IllegalStateException(
          "nothing waits for approval in " + Workflow.getInfo().getWorkflowId());
    }
    if (!pending.planHash().equals(planHash)) {
      throw new IllegalArgumentException(
          "stale plan "
              + planHash
              + ": the waiting plan is "
              + pending.planHash()
              + "; run setpoint plan to read it");
    }
  }

  @Override
  public String approve(String planHash) {
    approvedHash = planHash;
    return planHash;
  }

  /**
   * The report so far; once the run has ended, its final status (a cancelled run ends as cancelled
   * in Temporal, with no result, so this query is where its report is read).
   */
  @Override
  public RunReport progress() {
    return report(ended == null ? RunStatus.RUNNING : ended);
  }

  private RunReport report(RunStatus status) {
    return new RunReport(
        environment,
        revision,
        request == null ? RunMode.PLAN : request.mode(),
        status,
        Workflow.getInfo().getWorkflowId(),
        Workflow.getInfo().getRunId(),
        List.copyOf(results.values()));
  }

  private RunStatus finalStatus() {
    if (cancelRequested()) {
      return RunStatus.CANCELLED;
    }
    return results.values().stream().anyMatch(r -> r.status() == ResourceStatus.FAILED)
        ? RunStatus.FAILED
        : RunStatus.SUCCEEDED;
  }

  /**
   * Starts every resource whose prerequisites succeeded, up to the parallelism bound, until all are
   * done; a failure skips only what depends on it. Prerequisites outside {@code order} belong to
   * earlier slices of a partitioned run, which have finished.
   *
   * @param prerequisites what must succeed before a resource starts: its dependencies, or for
   *     deletes its dependents
   */
  private void walk(
      List<ResourceName> order,
      Function<ResourceName, Set<ResourceName>> prerequisites,
      Function<ResourceSpec, ResourceResult> step) {
    Set<ResourceName> done = new HashSet<>();
    Set<ResourceName> walking = new HashSet<>(order);
    Map<ResourceName, Promise<ResourceResult>> running = new LinkedHashMap<>();
    while (done.size() < order.size()) {
      boolean stopping = cancelRequested();
      for (ResourceName name : order) {
        if (done.contains(name) || running.containsKey(name)) {
          continue;
        }
        if (stopping) {
          results.put(name.value(), Results.notStarted(spec(name)));
          done.add(name);
          continue;
        }
        Set<ResourceName> required = prerequisites.apply(name);
        List<String> blockedBy = blockers(required.stream().map(ResourceName::value).toList());
        if (!blockedBy.isEmpty()) {
          results.put(name.value(), Results.skipped(spec(name), blockedBy));
          done.add(name);
        } else if (required.stream().allMatch(r -> done.contains(r) || !walking.contains(r))
            && running.size() < request.settings().parallelism()) {
          ResourceSpec spec = spec(name);
          running.put(name, outlivingCancellation(() -> step.apply(spec)));
        }
      }
      if (running.isEmpty()) {
        continue;
      }
      Promise.anyOf(running.values()).get();
      for (var finished : List.copyOf(running.entrySet())) {
        if (finished.getValue().isCompleted()) {
          ResourceResult result = finished.getValue().get();
          results.put(finished.getKey().value(), result);
          running.remove(finished.getKey());
          done.add(finished.getKey());
        }
      }
      showProgress();
    }
  }

  /**
   * The resources that failed among {@code required}, and what blocked the skipped ones: a skip
   * passes on, so whatever needs a skipped resource is skipped too, naming the original failure.
   */
  private List<String> blockers(Collection<String> required) {
    Set<String> blockedBy = new LinkedHashSet<>();
    for (String name : required) {
      ResourceResult result = results.get(name);
      Handoff handed = upstream.get(name);
      ResourceStatus status =
          result != null ? result.status() : handed != null ? handed.status() : null;
      if (status == ResourceStatus.FAILED) {
        blockedBy.add(name);
      } else if (status == ResourceStatus.SKIPPED) {
        blockedBy.addAll(result != null ? result.blockedBy() : handed.blockedBy());
      }
    }
    return List.copyOf(blockedBy);
  }

  private ResourceSpec spec(ResourceName name) {
    return definition.resource(name).orElseThrow();
  }

  private ResourceResult plan(ResourceSpec spec) {
    ResourceSpec resolved;
    try {
      resolved = resolve(spec, true);
    } catch (ReferenceException unresolvable) {
      return Results.failed(spec, unresolvable.getMessage(), 0);
    }
    try {
      PlanResult planned = activities(spec, "plan").plan(step(resolved));
      outputs.put(spec.name().value(), planned.outputs());
      return Results.planned(spec, planned.plan(), planned.outputs(), planned.attempt());
    } catch (io.temporal.failure.ActivityFailure failure) {
      return Results.failed(spec, Failures.message(failure), Failures.attempts(failure));
    }
  }

  private ResourceResult apply(ResourceSpec spec) {
    ResourceSpec resolved;
    try {
      resolved = resolve(spec, false);
    } catch (ReferenceException unresolvable) {
      return Results.failed(spec, unresolvable.getMessage(), 0);
    }
    try {
      ApplyResult applied = activities(spec, "apply").apply(step(resolved));
      outputs.put(spec.name().value(), applied.outputs());
      return Results.applied(spec, applied.plan(), applied.outputs(), applied.attempt());
    } catch (io.temporal.failure.ActivityFailure failure) {
      return Results.failed(spec, Failures.message(failure), Failures.attempts(failure));
    }
  }

  /** Drift: plan, and revert where asked and the resource's policy allows. */
  private ResourceResult audit(ResourceSpec spec) {
    if (spec.drift() == DriftPolicy.IGNORE) {
      return Results.ignored(spec);
    }
    ResourceResult planned = plan(spec);
    if (planned.status() == ResourceStatus.FAILED || planned.action() == Plan.Action.NONE) {
      return Results.inSync(planned);
    }
    if (request.revert() && spec.drift() == DriftPolicy.REVERT) {
      ResourceResult reverted = apply(spec);
      return Results.reverted(reverted);
    }
    return Results.driftLeftInPlace(planned);
  }

  /**
   * The providers prune and destroy ask for managed resources: those the definition names under
   * {@code spec.providers} or in a type. A provider whose last resource leaves Git is still pruned
   * while {@code spec.providers} names it.
   */
  private List<String> providers() {
    Set<String> names = new java.util.TreeSet<>(definition.providers().keySet());
    definition.resources().forEach(spec -> names.add(spec.provider()));
    return List.copyOf(names);
  }

  /** What carries this environment's marks but has left Git: what prune deletes. */
  private List<ManagedResource> stale(List<String> providers) {
    List<ManagedResource> stale = new ArrayList<>();
    List<String> inGit = List.copyOf(results.keySet());
    for (String provider : providers) {
      List<ManagedResource> listed =
          partitions == null
              ? listManaged(provider)
              // the worker leaves out what Git holds, so the listing stays small
              : listManaged(provider, (steps, step) -> steps.listManagedOutside(step, inGit));
      for (ManagedResource managed : listed) {
        if (!results.containsKey(managed.name())) {
          stale.add(managed);
        }
      }
    }
    return stale;
  }

  /**
   * What one provider manages for this environment; a provider that cannot say (no worker has it,
   * its target is down) gets a failed entry in the report instead of failing the whole run, and its
   * resources are neither pruned nor taken for absent.
   */
  private List<ManagedResource> listManaged(String provider) {
    return listManaged(provider, ResourceActivities::listManaged);
  }

  private List<ManagedResource> listManaged(
      String provider,
      BiFunction<ResourceActivities, ProviderStep, List<ManagedResource>> listing) {
    try {
      return listing.apply(
          Workflow.newActivityStub(ResourceActivities.class, providerOptions(provider, "list")),
          new ProviderStep(environment, definition.provider(provider)));
    } catch (io.temporal.failure.ActivityFailure failure) {
      unlisted.add(provider);
      results.put(
          Results.listingKey(provider),
          Results.listingFailed(provider, Failures.message(failure), Failures.attempts(failure)));
      return List.of();
    }
  }

  /**
   * Deletes resources that left Git, dependents first where their provider recorded dependencies,
   * honouring a recorded {@code deletionPolicy: retain}.
   */
  private void deleteInOrder(List<ManagedResource> stale) {
    Map<String, ManagedResource> byName = new LinkedHashMap<>();
    stale.forEach(managed -> byName.putIfAbsent(managed.name(), managed));
    Map<String, Set<String>> dependents = new LinkedHashMap<>();
    byName.keySet().forEach(name -> dependents.put(name, new LinkedHashSet<>()));
    for (ManagedResource managed : byName.values()) {
      for (String dependency : ManagedResources.dependsOn(managed)) {
        if (dependents.containsKey(dependency)) {
          dependents.get(dependency).add(managed.name());
        }
      }
    }
    Set<String> done = new HashSet<>();
    Map<String, Promise<ResourceResult>> running = new LinkedHashMap<>();
    while (done.size() < byName.size()) {
      int before = done.size() + running.size();
      boolean stopping = cancelRequested();
      for (ManagedResource managed : byName.values()) {
        String name = managed.name();
        if (done.contains(name) || running.containsKey(name)) {
          continue;
        }
        if (stopping) {
          results.put(name, Results.notStarted(managed));
          done.add(name);
          continue;
        }
        List<String> blockedBy = blockers(dependents.get(name));
        if (!blockedBy.isEmpty()) {
          results.put(name, Results.skipped(managed, blockedBy));
          done.add(name);
        } else if (done.containsAll(dependents.get(name))
            && running.size() < request.settings().parallelism()) {
          running.put(name, outlivingCancellation(() -> delete(managed)));
        }
      }
      if (running.isEmpty() && done.size() == before) {
        failCycle(byName, done); // recorded dependencies that loop: nothing can go first
        break;
      }
      if (running.isEmpty()) {
        continue;
      }
      Promise.anyOf(running.values()).get();
      for (var finished : List.copyOf(running.entrySet())) {
        if (finished.getValue().isCompleted()) {
          results.put(finished.getKey(), finished.getValue().get());
          running.remove(finished.getKey());
          done.add(finished.getKey());
        }
      }
      showProgress();
    }
  }

  /**
   * Whether this run was cancelled (by a person, or by a controller for a newer commit): it then
   * lets the steps in flight finish, starts no new ones, and reports itself cancelled.
   */
  private boolean cancelRequested() {
    return CancellationScope.current().isCancelRequested() || stopRequested;
  }

  /**
   * Runs one resource step out of reach of the run's cancellation, so that a step in flight ends
   * with the target in a known state instead of being abandoned halfway.
   */
  private static <T> Promise<T> outlivingCancellation(Functions.Func<T> step) {
    CompletablePromise<T> result = Workflow.newPromise();
    Workflow.newDetachedCancellationScope(() -> result.completeFrom(Async.function(step))).run();
    return result;
  }

  private void failCycle(Map<String, ManagedResource> byName, Set<String> done) {
    List<String> left = byName.keySet().stream().filter(name -> !done.contains(name)).toList();
    for (String name : left) {
      results.put(
          name,
          Results.failed(
              byName.get(name),
              "not deleted: the dependencies recorded on "
                  + String.join(", ", left)
                  + " form a cycle; delete them by hand or restore them to Git",
              0));
    }
  }

  private ResourceResult delete(ManagedResource managed) {
    if (ManagedResources.retained(managed)) {
      return Results.retained(managed);
    }
    try {
      Workflow.newActivityStub(
              ResourceActivities.class,
              providerOptions(
                  managed.provider(), "delete " + managed.type() + " " + managed.name()))
          .delete(new DeleteStep(managed, definition.provider(managed.provider())));
      return Results.deleted(managed);
    } catch (io.temporal.failure.ActivityFailure failure) {
      return Results.failed(managed, Failures.message(failure), Failures.attempts(failure));
    }
  }

  /**
   * Destroy: every managed resource of the environment, those in Git in reverse dependency order (a
   * resource goes after everything that depends on it), those that left Git as prune would; {@code
   * deletionPolicy: retain} in Git is honoured.
   */
  private void destroy(DependencyGraph graph, List<String> providers) {
    Map<String, ManagedResource> live = new LinkedHashMap<>();
    List<ManagedResource> stale = new ArrayList<>();
    for (String provider : providers) {
      for (ManagedResource managed : listManaged(provider)) {
        if (results.containsKey(managed.name())) {
          live.putIfAbsent(managed.name(), managed);
        } else {
          stale.add(managed);
        }
      }
    }
    walk(graph.reverseOrder(), graph::dependents, spec -> destroy(spec, live));
    deleteInOrder(stale);
  }

  /** Destroys one resource that is in Git, given what its provider listed. */
  private ResourceResult destroy(ResourceSpec spec, Map<String, ManagedResource> live) {
    ManagedResource managed = live.get(spec.name().value());
    if (managed == null && unlisted.contains(spec.provider())) {
      return Results.failed(spec, "not deleted: its provider could not list what it manages", 0);
    }
    if (managed == null) {
      return Results.absent(spec);
    }
    if (spec.deletionPolicy() == DeletionPolicy.RETAIN) {
      return Results.retained(managed);
    }
    return delete(managed);
  }

  /**
   * The spec with every reference to an upstream output replaced by its value. Its {@code
   * dependsOn} lists the referenced resources too: once resolved, the references are gone from the
   * properties, and a provider that records dependencies for prune ({@link
   * ManagedResources#DEPENDS_ON}) must still see them.
   */
  private ResourceSpec resolve(ResourceSpec spec, boolean planning) {
    Object properties =
        Templates.resolve(
            spec.properties(),
            reference -> {
              Outputs upstream = outputs.get(reference.resource().value());
              Object value = upstream == null ? null : upstream.values().get(reference.name());
              if (value == null && planning) {
                return KNOWN_AFTER_APPLY;
              }
              return value;
            });
    @SuppressWarnings("unchecked")
    Map<String, Object> resolved = (Map<String, Object>) properties;
    return spec.resolved(resolved);
  }

  private ResourceStep step(ResourceSpec resolved) {
    return new ResourceStep(
        environment,
        request.source(),
        revision,
        resolved,
        definition.provider(resolved.provider()),
        definition.policy().prune());
  }

  private ResourceActivities activities(ResourceSpec spec, String step) {
    return Workflow.newActivityStub(
        ResourceActivities.class,
        StepOptions.forResource(definition, spec, request.settings(), step));
  }

  private ActivityOptions providerOptions(String provider, String summary) {
    return StepOptions.forProvider(definition, provider, request.settings(), summary);
  }

  private void showProgress() {
    Workflow.setCurrentDetails(ProgressTable.markdown(request.mode(), revision, results.values()));
  }
}
