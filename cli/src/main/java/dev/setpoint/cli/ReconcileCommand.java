package dev.setpoint.cli;

import dev.setpoint.orchestrator.load.LoadResult;
import dev.setpoint.orchestrator.model.ApprovalPolicy;
import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import dev.setpoint.orchestrator.model.ProviderSettings;
import dev.setpoint.orchestrator.report.ExitCodes;
import dev.setpoint.orchestrator.report.JsonReportRenderer;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import dev.setpoint.orchestrator.report.TextReportRenderer;
import dev.setpoint.workflows.EnvironmentSource;
import dev.setpoint.workflows.PendingApproval;
import dev.setpoint.workflows.ReconcileEnvironment;
import dev.setpoint.workflows.ReconcileRequest;
import dev.setpoint.workflows.RunSearchAttributes;
import dev.setpoint.workflows.RunSettings;
import dev.setpoint.workflows.TrustLists;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TerminatedFailure;
import io.temporal.failure.TimeoutFailure;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.Repository;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * What {@code plan}, {@code apply}, {@code drift} and {@code destroy} share: read and validate the
 * definition here, before Temporal is involved, then run {@link ReconcileEnvironment} pinned to the
 * commit just read, show its progress and print its report.
 */
abstract class ReconcileCommand implements Callable<Integer> {

  /** A client whose workflow no worker has picked up by then says so instead of waiting. */
  static final Duration NO_WORKER_AFTER = Duration.ofSeconds(5);

  private static final Duration PROGRESS_POLL = Duration.ofMillis(500);
  private static final SecureRandom RANDOM = new SecureRandom();

  @ParentCommand SetpointCommand parent;

  @Mixin EnvironmentOptions environment = new EnvironmentOptions();

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text: progress while the run is under way, then a summary; json: only the report, one"
              + " JSON object. Default: ${DEFAULT-VALUE}.")
  OutputFormat output;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      defaultValue = "10",
      description = "Work on at most N resources at once. Default: ${DEFAULT-VALUE}.")
  int parallelism;

  @Option(
      names = "--sandbox",
      description =
          "Run against the sandbox (see `setpoint sandbox`): the running one for this"
              + " SETPOINT_HOME, else its services started for this command only.")
  boolean sandbox;

  @Option(
      names = "--partition-size",
      paramLabel = "N",
      defaultValue = "" + RunSettings.DEFAULT_PARTITION_SIZE,
      description =
          "Run an environment of more than N resources as slices of at most N, each in a child"
              + " workflow, so that no Temporal history grows with the environment."
              + " Default: ${DEFAULT-VALUE}.")
  int partitionSize;

  abstract RunMode mode();

  /** Whether this run reads the files on disk instead of the commit: only {@code plan} may. */
  boolean workingTree() {
    return false;
  }

  /** {@code drift --revert}: revert drift where the resource's policy allows. */
  boolean revert() {
    return false;
  }

  /** The signers whose commits this run may apply; only commands that mutate take the options. */
  TrustLists trust() {
    return TrustLists.NONE;
  }

  /** The command as a person types it, for summaries: {@code drift --revert}. */
  String commandName() {
    return mode().reportName() + (revert() ? " --revert" : "");
  }

  @Override
  public Integer call() {
    if (parallelism < 1) {
      throw new CommandException("--parallelism must be at least 1, not " + parallelism);
    }
    if (partitionSize < 1) {
      throw new CommandException("--partition-size must be at least 1, not " + partitionSize);
    }
    PrintWriter out = parent.out();
    PrintWriter err = parent.err();
    Pinned pinned = readAndValidate(err);
    if (pinned == null) {
      return ExitCodes.ERROR;
    }
    EnvironmentDefinition definition = pinned.definition();
    ReconcileRequest request =
        new ReconcileRequest(
            pinned.source(),
            mode(),
            revert(),
            RunSettings.defaults().withParallelism(parallelism).withPartitionSize(partitionSize),
            trust());
    String summary = commandName() + " " + definition.name() + " at " + pinned.at();
    try (Sandbox services = sandbox ? openSandbox(err, definition) : null) {
      return run(out, definition, request, summary);
    }
  }

  /** The sandbox this command uses, said in one line on {@code err}. */
  private static Sandbox openSandbox(PrintWriter err, EnvironmentDefinition definition) {
    Sandbox services = Sandbox.forCommand(SetpointHome.directory());
    err.println(
        "sandbox: "
            + (services.borrowed()
                ? "using the running sandbox at " + services.endpoints().temporalAddress()
                : "started for this command only (run `setpoint sandbox` to keep its state)"));
    boolean usesAws = definition.resources().stream().anyMatch(r -> r.provider().equals("aws"));
    if (usesAws && services.endpoints().awsEndpoint() == null) {
      err.println(
          "warning: moto_server is not on the PATH, so the sandbox has no AWS and AWS resources"
              + " fail: install it with "
              + Sandbox.MOTO_INSTALL);
    }
    err.flush();
    return services;
  }

  private Integer run(
      PrintWriter out, EnvironmentDefinition definition, ReconcileRequest request, String summary) {
    TemporalSettings settings = TemporalSettings.fromEnvironment();
    boolean gated =
        mode() == RunMode.APPLY && definition.policy().approval() == ApprovalPolicy.REQUIRED;
    if (gated && settings.embedded()) {
      // Nobody else can reach an embedded server, so nobody could approve.
      throw new CommandException(
          "environment \""
              + definition.name()
              + "\" requires approval (policy.approval: required): set TEMPORAL_ADDRESS to a"
              + " server with a `setpoint worker`, so that `setpoint approve` can reach the run");
    }
    try (TemporalSession temporal = TemporalSession.open(settings, providerQueues(definition))) {
      WorkflowClient client = temporal.client();
      String workflowId = workflowId(definition.name(), request);
      if (request.mutating()) {
        refuseWhileAnotherMutates(client, definition.name());
      }
      WorkflowOptions.Builder options =
          WorkflowOptions.newBuilder()
              .setTaskQueue(RunSettings.DEFAULT_TASK_QUEUE)
              .setWorkflowId(workflowId)
              .setStaticSummary(summary);
      if (temporal.searchAttributes()) {
        options.setTypedSearchAttributes(
            RunSearchAttributes.atStart(definition.name(), mode().reportName()));
      }
      ReconcileEnvironment workflow =
          client.newWorkflowStub(ReconcileEnvironment.class, options.build());
      WorkflowExecution execution;
      try {
        execution = WorkflowClient.start(workflow::reconcile, request);
      } catch (WorkflowExecutionAlreadyStarted running) {
        throw anotherRunMutates(definition.name(), workflowId);
      }
      WorkflowStub stub = WorkflowStub.fromTyped(workflow);
      if (output == OutputFormat.TEXT) {
        out.println(summary + ": workflow " + workflowId);
        out.flush();
      }
      if (!temporal.embedded()) {
        requireWorker(client, stub, execution, settings.address());
      }
      ProgressLines progress = output == OutputFormat.TEXT ? new ProgressLines(out) : null;
      RunReport report;
      try {
        report =
            wholeReport(
                stub,
                awaitReport(stub, progress, gated ? new ApprovalLines(out, parent.err()) : null),
                request.settings().partitioned(definition.resources().size()));
      } catch (WorkflowFailedException failed) {
        // What the run reached before it failed is still worth reading, in either format.
        Optional<RunReport> partial = partialReport(stub);
        partial.ifPresent(reached -> printReport(out, progress, reached));
        throw new CommandException(failureMessage(failed), failed);
      }
      printReport(out, progress, report);
      return ExitCodes.of(report);
    }
  }

  /** The definition at the commit this run reads, validated, and where workers find it. */
  private record Pinned(EnvironmentDefinition definition, EnvironmentSource source, String at) {}

  /**
   * Reads the definition at the commit the options name and checks it as {@code validate} does,
   * printing every finding; null when it is invalid.
   */
  private Pinned readAndValidate(PrintWriter err) {
    try (EnvironmentOptions.Opened opened = environment.open(workingTree())) {
      LoadResult result = opened.loadAndReport(err, ": nothing was run");
      if (!result.valid()) {
        return null;
      }
      // Workers read the same commit, never a branch that may move while the run is under way.
      EnvironmentSource source =
          new EnvironmentSource(
              opened.local()
                  ? opened.source().directory().toAbsolutePath().toString()
                  : environment.repository,
              !opened.local(),
              opened.path(),
              null,
              opened.revision() == null ? null : opened.revision().commitId(),
              workingTree());
      String at;
      if (opened.revision() == null) {
        at = "the working tree";
      } else {
        String refName = opened.revision().refName();
        at =
            opened.revision().shortId()
                + (refName == null ? "" : " (" + Repository.shortenRefName(refName) + ")");
      }
      return new Pinned(result.definition().orElseThrow(), source, at);
    }
  }

  /** The queues providers name besides the default, which embedded workers must serve too. */
  private static Set<String> providerQueues(EnvironmentDefinition definition) {
    return definition.providers().values().stream()
        .map(ProviderSettings::taskQueue)
        .filter(Objects::nonNull)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /**
   * {@code setpoint-<env>-<mode>} for runs that change things, so that Temporal itself refuses a
   * second one with the same ID; read-only runs add a random suffix and never collide.
   */
  static String workflowId(String environment, ReconcileRequest request) {
    String mode = request.mode().reportName() + (request.revert() ? "-revert" : "");
    if (request.mutating()) {
      return "setpoint-" + environment + "-" + mode;
    }
    byte[] suffix = new byte[4];
    RANDOM.nextBytes(suffix);
    return "setpoint-" + environment + "-" + mode + "-" + HexFormat.of().formatHex(suffix);
  }

  /** The IDs of every run that may change an environment. */
  static List<String> mutatingWorkflowIds(String environment) {
    return List.of(
        "setpoint-" + environment + "-apply",
        "setpoint-" + environment + "-destroy",
        "setpoint-" + environment + "-drift-revert");
  }

  /**
   * At most one run changes an environment at a time (SPEC §4). Asked of each mutating ID directly,
   * since the embedded server has no visibility (list) queries.
   */
  private static void refuseWhileAnotherMutates(WorkflowClient client, String environment) {
    for (String id : mutatingWorkflowIds(environment)) {
      WorkflowExecutionStatus status;
      try {
        status = client.newUntypedWorkflowStub(id).describe().getStatus();
      } catch (WorkflowNotFoundException neverRan) {
        continue;
      }
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        throw anotherRunMutates(environment, id);
      }
    }
  }

  private static CommandException anotherRunMutates(String environment, String workflowId) {
    return new CommandException(
        "another run is changing environment \""
            + environment
            + "\": workflow "
            + workflowId
            + " is running; wait for it to finish, or cancel it in Temporal");
  }

  /**
   * Fails fast when no worker polls the workflow's task queue: a client of a server with no {@code
   * setpoint worker} would otherwise wait forever. The run is terminated, so it does not start by
   * surprise whenever a worker appears, possibly long after its commit was current.
   */
  static void requireWorker(
      WorkflowClient client, WorkflowStub stub, WorkflowExecution execution, String address) {
    long deadline = System.nanoTime() + NO_WORKER_AFTER.toNanos();
    while (System.nanoTime() < deadline) {
      boolean picked =
          client.fetchHistory(execution.getWorkflowId(), execution.getRunId()).getEvents().stream()
              .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
      if (picked) {
        return;
      }
      sleep(Duration.ofMillis(200));
    }
    stub.terminate("no worker polled task queue " + RunSettings.DEFAULT_TASK_QUEUE);
    throw new CommandException(
        "no worker is polling task queue \""
            + RunSettings.DEFAULT_TASK_QUEUE
            + "\" at "
            + address
            + ": start one with \"setpoint worker\" (this run, "
            + execution.getWorkflowId()
            + ", was terminated and will not run later)");
  }

  /** Waits for the report, showing each resource as its state changes when asked to. */
  private static RunReport awaitReport(
      WorkflowStub stub, ProgressLines progress, ApprovalLines approval) {
    while (true) {
      try {
        return stub.getResult(PROGRESS_POLL.toMillis(), TimeUnit.MILLISECONDS, RunReport.class);
      } catch (TimeoutException stillRunning) {
        if (approval != null) {
          approval.show(stub, progress == null);
        }
        if (progress != null) {
          queryProgress(stub).ifPresent(progress::show);
        }
      }
    }
  }

  /**
   * The report of every resource: a partitioned run returns only what failed or drifted (its result
   * must stay a small payload), and keeps every entry for its {@code progress} query.
   */
  private static RunReport wholeReport(WorkflowStub stub, RunReport result, boolean partitioned) {
    return partitioned ? queryProgress(stub).orElse(result) : result;
  }

  /** Shows a plan that waits for approval once: the plan, and the command that approves it. */
  private static final class ApprovalLines {
    private final PrintWriter out;
    private final PrintWriter err;
    private String shown;

    ApprovalLines(PrintWriter out, PrintWriter err) {
      this.out = out;
      this.err = err;
    }

    void show(WorkflowStub stub, boolean json) {
      PendingApproval pending;
      try {
        pending = stub.query("pendingApproval", PendingApproval.class);
      } catch (WorkflowQueryException | WorkflowServiceException notYet) {
        return;
      }
      if (pending == null || pending.planHash().equals(shown)) {
        return;
      }
      shown = pending.planHash();
      String waiting = "waiting for approval: " + pending.approveCommand();
      if (json) {
        err.println(waiting);
        err.flush();
        return;
      }
      out.println();
      out.print(new TextReportRenderer().render(pending.plan()));
      out.println(waiting);
      out.flush();
    }
  }

  private void printReport(PrintWriter out, ProgressLines progress, RunReport report) {
    if (output == OutputFormat.JSON) {
      out.println(new JsonReportRenderer().render(report));
    } else {
      progress.show(report);
      out.println();
      out.print(new TextReportRenderer().render(report));
    }
    out.flush();
  }

  private static Optional<RunReport> queryProgress(WorkflowStub stub) {
    try {
      return Optional.ofNullable(stub.query("progress", RunReport.class));
    } catch (WorkflowQueryException | WorkflowServiceException notYet) {
      return Optional.empty(); // before the first workflow task there is nothing to show
    }
  }

  /**
   * The resources a failed run reached, as a failed report; empty when it failed before it read the
   * definition (an unknown revision, an invalid definition), where there is nothing to show.
   */
  private static Optional<RunReport> partialReport(WorkflowStub stub) {
    return queryProgress(stub)
        .filter(reached -> !reached.resources().stream().allMatch(ProgressLines::notReachedYet))
        .map(
            reached ->
                new RunReport(
                    reached.environment(),
                    reached.revision(),
                    reached.mode(),
                    RunStatus.FAILED,
                    reached.workflowId(),
                    reached.runId(),
                    reached.resources()));
  }

  /** The root cause of a failed run in one line: what failed, and why. */
  static String failureMessage(WorkflowFailedException failed) {
    String workflowId = failed.getExecution().getWorkflowId();
    Throwable cause = failed.getCause();
    while (cause != null) {
      if (cause instanceof TerminatedFailure terminated) {
        return "workflow " + workflowId + " was terminated: " + terminated.getOriginalMessage();
      }
      if (cause instanceof CanceledFailure) {
        return "workflow " + workflowId + " was cancelled";
      }
      if (cause instanceof TimeoutFailure) {
        return "workflow " + workflowId + " timed out";
      }
      if (cause instanceof ApplicationFailure application) {
        return "workflow " + workflowId + " failed: " + application.getOriginalMessage();
      }
      if (cause.getCause() == null) {
        return "workflow "
            + workflowId
            + " failed: "
            + (cause instanceof TemporalFailure temporal
                ? temporal.getOriginalMessage()
                : Main.oneLine(cause));
      }
      cause = cause.getCause();
    }
    return "workflow " + workflowId + " failed";
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new CommandException("interrupted");
    }
  }
}
