package dev.setpoint.workflows.controller;

import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import dev.setpoint.orchestrator.report.ResourceResult;
import dev.setpoint.orchestrator.report.ResourceStatus;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import dev.setpoint.workflows.EnvironmentSource;
import dev.setpoint.workflows.Failures;
import dev.setpoint.workflows.LoadedDefinition;
import dev.setpoint.workflows.ReconcileEnvironment;
import dev.setpoint.workflows.ReconcileRequest;
import dev.setpoint.workflows.ResolvedRevision;
import dev.setpoint.workflows.RunSearchAttributes;
import dev.setpoint.workflows.SourceActivities;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The controller loop: poll when due or asked, apply a wanted commit when nothing runs, audit drift
 * when due, then sleep on a timer until the next of those or a signal. One child run at a time, so
 * at most one run changes the environment; a newer commit cancels the run in flight, which finishes
 * its steps in flight and stops.
 */
public class EnvironmentControllerImpl implements EnvironmentController {

  /**
   * How long a run may be in flight before polls slow to {@link #LONG_RUN_POLL}: an apply that
   * waits days for approval keeps the controller from continuing as new, so its history must grow
   * slowly meanwhile.
   */
  static final Duration LONG_RUN = Duration.ofHours(1);

  /** The poll interval while a run is in flight longer than {@link #LONG_RUN}, at the least. */
  static final Duration LONG_RUN_POLL = Duration.ofMinutes(15);

  /** A child run under way: the scope that cancels it, and its result. */
  private record Running(
      ControllerRun run,
      CancellationScope scope,
      Promise<RunReport> result,
      Promise<WorkflowExecution> execution) {}

  /** A commit that loaded and was admitted, and its definition, adopted when its apply starts. */
  private record Admitted(String revision, EnvironmentDefinition definition) {}

  private ControllerRequest request;
  private EnvironmentSource source;
  private SourceActivities sources;

  private String environment;
  private Duration syncInterval;
  private Duration driftInterval;
  private String headRevision;
  private String lastAppliedRevision;
  private ControllerRun lastAttempt;
  private List<ResourceResult> resources;
  private ControllerRun lastAudit;
  private List<ResourceResult> drift;
  private boolean suspended;
  private String pinnedRevision;
  private Instant nextPollAt;
  private Instant nextAuditAt;
  private final List<ControllerRun> recentRuns = new ArrayList<>();

  /** The commit to apply as soon as nothing runs and the controller is not suspended, or null. */
  private Admitted wanted;

  /** Why the last poll could not read the branch, or null. */
  private String pollError;

  /** The commit that made the controller cancel the run in flight, for its outcome's message. */
  private String supersededBy;

  private Running running;
  private boolean syncRequested;
  private boolean stopRequested;
  private boolean woken;

  @Override
  public ControllerStatus control(ControllerRequest request) {
    this.request = request;
    this.source = request.source();
    restore(request.state());
    sources = SourceActivities.stub(request.settings().run(), "read " + source.describe());
    if (nextPollAt == null) {
      nextPollAt = now();
    }
    if (nextAuditAt == null) {
      nextAuditAt = now().plus(driftInterval);
    }
    int turns = 0;
    while (!stopRequested) {
      collectFinishedRun();
      if (syncRequested || !now().isBefore(nextPollAt)) {
        syncRequested = false;
        nextPollAt = now().plus(pollInterval());
        poll();
      }
      if (running == null && wanted != null && !suspended) {
        apply();
      }
      if (running == null && !now().isBefore(nextAuditAt)) {
        nextAuditAt = now().plus(driftInterval);
        audit();
      }
      publish();
      turns++;
      if (running == null && !syncRequested && !stopRequested && timeToContinueAsNew(turns)) {
        continueAsNew();
      }
      waitForNextEvent();
    }
    if (running != null) {
      running.scope().cancel();
      Workflow.await(() -> running.result().isCompleted());
      collectFinishedRun();
    }
    publish();
    Workflow.await(Workflow::isEveryHandlerFinished);
    return status();
  }

  @Override
  public void sync() {
    syncRequested = true;
    woken = true;
  }

  @Override
  public void suspend() {
    suspended = true;
    woken = true;
  }

  @Override
  public void resume() {
    suspended = false;
    pinnedRevision = null;
    syncRequested = true; // catch up to the newest commit now, not at the next interval
    woken = true;
  }

  @Override
  public void pin(String commitId) {
    pinnedRevision = commitId;
    syncRequested = true; // apply it now, superseding a run of a newer commit
    woken = true;
  }

  @Override
  public void stop() {
    stopRequested = true;
    woken = true;
  }

  @Override
  public ControllerStatus status() {
    return new ControllerStatus(
        Workflow.getInfo().getWorkflowId(),
        source.repository(),
        source.path(),
        source.ref(),
        state(),
        running == null ? null : running.run(),
        blocked(),
        stopRequested);
  }

  /**
   * Reads the branch head; a commit still to apply is loaded and admitted first, and only a commit
   * that passes supersedes the run in flight, so an invalid commit never cancels a good run.
   */
  private void poll() {
    ResolvedRevision head;
    try {
      head = sources.resolve(following());
      pollError = null;
    } catch (ActivityFailure failure) {
      pollError = Failures.message(failure);
      return;
    }
    headRevision = head.commitId();
    String revision = pinnedRevision != null ? pinnedRevision : headRevision;
    if (wanted == null || !revision.equals(wanted.revision())) {
      wanted = null;
      if (!needsApply(revision) || !admitted(revision)) {
        return;
      }
    }
    if (running != null && !suspended && !appliesRevision(running, revision) && !retry(revision)) {
      supersededBy = revision;
      running.scope().cancel();
    }
  }

  /**
   * Whether {@code revision} is the last attempt tried again: it waits for an audit in flight
   * rather than cancel it, or a commit that keeps failing would cancel every audit.
   */
  private boolean retry(String revision) {
    return running.run().mode() == RunMode.DRIFT
        && lastAttempt != null
        && lastAttempt.revision().equals(revision);
  }

  /**
   * Whether {@code revision} still has to be applied: not while it is being applied, not once it
   * was, and not again when it was refused (only a new commit can fix it); a failed run, or a
   * definition that could not be read, is retried.
   */
  private boolean needsApply(String revision) {
    if (running != null && appliesRevision(running, revision)) {
      return false;
    }
    if (lastAttempt != null && lastAttempt.revision().equals(revision)) {
      return !lastAttempt.succeeded() && !lastAttempt.refused();
    }
    return !revision.equals(lastAppliedRevision);
  }

  private static boolean appliesRevision(Running running, String revision) {
    return running.run().mode() == RunMode.APPLY && running.run().revision().equals(revision);
  }

  /**
   * Loads the commit's definition and admits it, making it the commit to apply next; an invalid
   * definition is refused for good, a definition that could not be read is tried again next poll.
   */
  private boolean admitted(String revision) {
    LoadedDefinition loaded;
    try {
      // above the partition size only the definition's head comes back: all the controller reads
      loaded =
          sources.load(
              at(revision), revision, request.trust(), request.settings().run().partitionSize());
    } catch (ActivityFailure failure) {
      String reason = Failures.message(failure);
      lastAttempt =
          Failures.refusesRevision(failure)
              ? ControllerRun.refused(revision, reason, now())
              : ControllerRun.unloaded(revision, reason, now());
      remember(lastAttempt);
      return false;
    }
    Optional<String> refusal = admit(revision, loaded.definition());
    if (refusal.isPresent()) {
      lastAttempt = ControllerRun.refused(revision, refusal.get(), now());
      remember(lastAttempt);
      return false;
    }
    wanted = new Admitted(revision, loaded.definition());
    return true;
  }

  /** Starts the apply of the admitted commit, adopting its settings. */
  private void apply() {
    Admitted admitted = wanted;
    wanted = null;
    adopt(admitted.definition());
    start(RunMode.APPLY, admitted.revision(), false);
  }

  /**
   * Where a revision is accepted or refused before anything runs: every commit that loads is
   * admitted today; signed-commit checks and an approval gate belong here.
   */
  private Optional<String> admit(String revision, EnvironmentDefinition definition) {
    return Optional.empty();
  }

  /** The environment's name and sync settings, from the newest definition that loaded. */
  private void adopt(EnvironmentDefinition definition) {
    environment = definition.name();
    if (!definition.sync().interval().equals(syncInterval)) {
      syncInterval = definition.sync().interval();
      nextPollAt = now().plus(syncInterval);
    }
    if (!definition.sync().driftInterval().equals(driftInterval)) {
      driftInterval = definition.sync().driftInterval();
      nextAuditAt = now().plus(driftInterval);
    }
  }

  /**
   * Audits the last applied commit: reverting where policy allows, or only reporting while
   * suspended or while a newer commit stands part-applied. Nothing applied yet means nothing to
   * audit.
   */
  private void audit() {
    if (lastAppliedRevision != null) {
      start(RunMode.DRIFT, lastAppliedRevision, !suspended && !newerCommitPartlyApplied());
    }
  }

  /**
   * Whether a commit other than the last applied one ran and stopped part-way (failed or
   * cancelled): reverting to the last applied commit would undo what it applied, and the next poll
   * would apply it again, back and forth. A child that never started (a person's run held its ID)
   * has no run ID and applied nothing.
   */
  private boolean newerCommitPartlyApplied() {
    return lastAttempt != null
        && lastAttempt.runId() != null
        && lastAttempt.stoppedShort()
        && !lastAttempt.revision().equals(lastAppliedRevision);
  }

  /**
   * Starts a child run. Changing runs take the IDs {@code setpoint apply} and {@code drift
   * --revert} use, so Temporal keeps them and the controller's from changing an environment at
   * once.
   */
  private void start(RunMode mode, String revision, boolean revert) {
    String kind = mode.reportName() + (revert ? "-revert" : "");
    String workflowId =
        "setpoint-"
            + environment
            + "-"
            + kind
            + (mode == RunMode.DRIFT && !revert
                ? "-" + Workflow.randomUUID().toString().substring(0, 8)
                : "");
    ChildWorkflowOptions.Builder options =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(request.settings().run().defaultTaskQueue())
            .setStaticSummary(
                (mode == RunMode.APPLY ? "apply" : revert ? "drift --revert" : "drift")
                    + " "
                    + environment
                    + " at "
                    + shortId(revision)
                    + " (controller)")
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
            .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED);
    if (RunSearchAttributes.registered()) {
      options.setTypedSearchAttributes(RunSearchAttributes.atStart(environment, mode.reportName()));
    }
    ReconcileEnvironment child =
        Workflow.newChildWorkflowStub(ReconcileEnvironment.class, options.build());
    ReconcileRequest childRequest =
        new ReconcileRequest(at(revision), mode, revert, request.settings().run(), request.trust());
    List<Promise<RunReport>> result = new ArrayList<>(1);
    CancellationScope scope =
        Workflow.newCancellationScope(
            () -> result.add(Async.function(child::reconcile, childRequest)));
    scope.run();
    ControllerRun run = ControllerRun.started(revision, mode, revert, workflowId, now());
    running = new Running(run, scope, result.get(0), Workflow.getWorkflowExecution(child));
    if (mode == RunMode.APPLY) {
      lastAttempt = run;
    }
  }

  /** Records the outcome of a child run that has ended. */
  private void collectFinishedRun() {
    if (running == null || !running.result().isCompleted()) {
      return;
    }
    Running finished = running;
    running = null;
    Instant regularPoll = now().plus(syncInterval);
    if (nextPollAt.isAfter(regularPoll)) {
      nextPollAt = regularPoll; // polls slowed for a long run go back to sync.interval
    }
    RunReport report = null;
    RunStatus status;
    String message;
    try {
      report = finished.result().get();
      status = report.status();
      message = status == RunStatus.FAILED ? failures(report) : null;
    } catch (RuntimeException failure) {
      // A child that could not start (its ID is taken by a person's run) fails here too.
      if (failure instanceof CanceledFailure || failure.getCause() instanceof CanceledFailure) {
        status = RunStatus.CANCELLED;
        message =
            supersededBy != null
                ? "superseded by " + shortId(supersededBy)
                : "cancelled: the controller was stopped";
      } else {
        status = RunStatus.FAILED;
        message = rootMessage(failure);
      }
    }
    supersededBy = null;
    ControllerRun run = finished.run();
    ControllerRun ended = run.ended(status, message, runId(finished, report), now());
    remember(ended);
    if (run.mode() == RunMode.APPLY) {
      if (run.equals(lastAttempt)) {
        lastAttempt = ended; // unless a newer commit was refused or unreadable meanwhile
      }
      if (report != null) {
        resources = report.resources();
      }
      if (status == RunStatus.SUCCEEDED) {
        lastAppliedRevision = run.revision();
        drift = List.of(); // the apply brought every resource back to Git
        RunSearchAttributes.revision(lastAppliedRevision);
        RunSearchAttributes.drifted(false);
      }
    } else {
      lastAudit = ended;
      if (report != null) {
        drift = report.resources().stream().filter(ResourceResult::drifted).toList();
        RunSearchAttributes.drifted(state().driftPresent());
      }
    }
  }

  private static String runId(Running finished, RunReport report) {
    if (report != null) {
      return report.runId();
    }
    if (finished.execution().isCompleted() && finished.execution().getFailure() == null) {
      return finished.execution().get().getRunId();
    }
    return null;
  }

  /** {@code net failed: quota exceeded (and 2 more)}. */
  private static String failures(RunReport report) {
    List<ResourceResult> failed =
        report.resources().stream().filter(r -> r.status() == ResourceStatus.FAILED).toList();
    if (failed.isEmpty()) {
      return "the run failed";
    }
    return failed.get(0).name()
        + " failed: "
        + failed.get(0).error()
        + (failed.size() > 1 ? " (and " + (failed.size() - 1) + " more)" : "");
  }

  /** The deepest Temporal failure's own message: what failed, and why. */
  private static String rootMessage(Throwable failure) {
    String message = failure.getMessage();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof TemporalFailure temporal) {
        message = temporal.getOriginalMessage();
      }
    }
    return message;
  }

  private void remember(ControllerRun run) {
    recentRuns.add(0, run);
    while (recentRuns.size() > ControllerState.RECENT_RUNS) {
      recentRuns.remove(recentRuns.size() - 1);
    }
  }

  /**
   * Sleeps on a Temporal timer until the next poll or audit, waking early for a signal or the end
   * of the run in flight; the timer's summary says what it waits for.
   */
  private void waitForNextEvent() {
    Instant due = nextPollAt;
    String summary =
        "next poll of "
            + source.describe()
            + (pollInterval().equals(syncInterval)
                ? ""
                : " (slowed to every " + LONG_RUN_POLL.toMinutes() + "m: a run is in flight)");
    if (running == null && nextAuditAt.isBefore(due)) {
      due = nextAuditAt;
      summary = "next drift audit of " + environment;
    }
    Duration wait = Duration.between(now(), due);
    if (woken || wait.isNegative() || wait.isZero()) {
      woken = false;
      return;
    }
    List<Promise<Void>> timer = new ArrayList<>(1);
    TimerOptions options = TimerOptions.newBuilder().setSummary(summary).build();
    CancellationScope scope =
        Workflow.newCancellationScope(() -> timer.add(Workflow.newTimer(wait, options)));
    scope.run();
    Workflow.await(
        () ->
            timer.get(0).isCompleted()
                || woken
                || (running != null && running.result().isCompleted()));
    woken = false;
    if (!timer.get(0).isCompleted()) {
      scope.cancel();
    }
  }

  /**
   * {@code sync.interval}, or {@link #LONG_RUN_POLL} while a run has been in flight longer than
   * {@link #LONG_RUN}: continue-as-new waits for the run to end, and a poll a minute for days would
   * fill the history. A {@code sync} (webhook, CLI) still polls at once.
   */
  private Duration pollInterval() {
    boolean longRun =
        running != null
            && Duration.between(running.run().startedAt(), now()).compareTo(LONG_RUN) > 0;
    return longRun && syncInterval.compareTo(LONG_RUN_POLL) < 0 ? LONG_RUN_POLL : syncInterval;
  }

  private boolean timeToContinueAsNew(int turns) {
    int after = request.settings().continueAsNewAfter();
    return Workflow.getInfo().isContinueAsNewSuggested() || (after > 0 && turns >= after);
  }

  /**
   * Starts afresh with the whole state once every signal handler has finished; the memo and search
   * attributes are passed again, since continue-as-new does not carry them by itself.
   */
  private void continueAsNew() {
    Workflow.await(Workflow::isEveryHandlerFinished);
    ContinueAsNewOptions options =
        ContinueAsNewOptions.newBuilder()
            .setMemo(EnvironmentController.memo(source))
            .setTypedSearchAttributes(Workflow.getTypedSearchAttributes())
            .build();
    Workflow.continueAsNew(
        options, new ControllerRequest(source, request.settings(), state(), request.trust()));
  }

  /** What keeps the environment from being at its head, one line each. */
  private List<String> blocked() {
    List<String> blocked = new ArrayList<>();
    if (pollError != null) {
      blocked.add("cannot read " + source.describe() + ": " + pollError);
    }
    String held = wanted != null ? wanted.revision() : headRevision;
    if (suspended && held != null && !held.equals(lastAppliedRevision)) {
      blocked.add(
          "applying "
              + shortId(held)
              + " is held: the controller is suspended (setpoint controller resume)");
    }
    if (pinnedRevision != null && headRevision != null && !headRevision.equals(pinnedRevision)) {
      blocked.add(
          "the head "
              + shortId(headRevision)
              + " is held: pinned at "
              + shortId(pinnedRevision)
              + " by a rollback (setpoint controller resume ENV follows the branch again)");
    }
    if (lastAttempt != null && lastAttempt.stoppedShort()) {
      blocked.add(shortId(lastAttempt.revision()) + outcome(lastAttempt));
    }
    if (newerCommitPartlyApplied() && !suspended) {
      blocked.add(
          "drift audits report but do not revert: reverting to "
              + shortId(lastAppliedRevision)
              + " would undo what "
              + shortId(lastAttempt.revision())
              + " applied before it stopped, and the next poll retries "
              + shortId(lastAttempt.revision()));
    }
    for (ResourceResult resource : resources) {
      if (resource.status() == ResourceStatus.FAILED) {
        blocked.add(resource.name() + " failed: " + resource.error());
      } else if (resource.status() == ResourceStatus.SKIPPED && !resource.blockedBy().isEmpty()) {
        blocked.add(resource.name() + " is blocked by " + String.join(", ", resource.blockedBy()));
      }
    }
    return blocked;
  }

  /** Why an attempt did not apply, and what happens next. */
  private static String outcome(ControllerRun attempt) {
    if (attempt.refused()) {
      return " is refused: "
          + attempt.message()
          + "; retrying cannot help: it stays refused until a new commit fixes it";
    }
    return (attempt.ran() ? " did not apply: " : " could not be loaded: ")
        + attempt.message()
        + "; retried at the next poll, or now with setpoint controller sync";
  }

  private void publish() {
    Workflow.setCurrentDetails(ControllerDetails.markdown(status()));
  }

  private EnvironmentSource following() {
    return new EnvironmentSource(
        source.repository(), source.remote(), source.path(), source.ref(), null);
  }

  /** The source pinned to one commit, as every child run reads it. */
  private EnvironmentSource at(String revision) {
    return new EnvironmentSource(
        source.repository(), source.remote(), source.path(), null, revision);
  }

  private ControllerState state() {
    return new ControllerState(
        environment,
        syncInterval,
        driftInterval,
        headRevision,
        lastAppliedRevision,
        lastAttempt,
        resources,
        lastAudit,
        drift,
        suspended,
        pinnedRevision,
        nextPollAt,
        nextAuditAt,
        recentRuns);
  }

  private void restore(ControllerState state) {
    environment = state.environment();
    syncInterval = state.syncInterval();
    driftInterval = state.driftInterval();
    headRevision = state.headRevision();
    lastAppliedRevision = state.lastAppliedRevision();
    lastAttempt = state.lastAttempt();
    resources = state.resources();
    lastAudit = state.lastAudit();
    drift = state.drift();
    suspended = state.suspended();
    pinnedRevision = state.pinnedRevision();
    nextPollAt = state.nextPollAt();
    nextAuditAt = state.nextAuditAt();
    recentRuns.addAll(state.recentRuns());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  static String shortId(String revision) {
    return revision == null ? "-" : revision.substring(0, Math.min(7, revision.length()));
  }
}
