package dev.setpoint.cli;

import dev.setpoint.orchestrator.git.GitSource;
import dev.setpoint.orchestrator.load.LoadResult;
import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import dev.setpoint.orchestrator.model.ProviderSettings;
import dev.setpoint.orchestrator.report.ExitCodes;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.workflows.EnvironmentSource;
import dev.setpoint.workflows.PendingApproval;
import dev.setpoint.workflows.RunSearchAttributes;
import dev.setpoint.workflows.RunSettings;
import dev.setpoint.workflows.TemporalConnection;
import dev.setpoint.workflows.controller.ControllerDirectory;
import dev.setpoint.workflows.controller.ControllerEntry;
import dev.setpoint.workflows.controller.ControllerRequest;
import dev.setpoint.workflows.controller.ControllerStatus;
import dev.setpoint.workflows.controller.EnvironmentController;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code setpoint controller start|status|sync|suspend|resume|stop ENV}: the long-running GitOps
 * controller of an environment (SPEC §3, §4), one workflow per environment and repository.
 */
@Command(
    name = "controller",
    mixinStandardHelpOptions = true,
    description = {
      "The long-running GitOps controller of an environment: it polls the branch every"
          + " sync.interval, applies each new commit, and audits drift every sync.driftInterval"
          + " (reverting or reporting per policy). It lives on the Temporal server at"
          + " TEMPORAL_ADDRESS, run by `setpoint worker`."
    },
    subcommands = {
      ControllerCommand.Start.class,
      ControllerCommand.Status.class,
      ControllerCommand.Sync.class,
      ControllerCommand.Suspend.class,
      ControllerCommand.Resume.class,
      ControllerCommand.Stop.class
    })
final class ControllerCommand implements Runnable {

  @ParentCommand SetpointCommand parent;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(parent.out());
  }

  /** The branch the controller follows, and its workflow ID, without reading the definition. */
  record Followed(EnvironmentSource source, String workflowId) {
    String describe() {
      return source.repository()
          + " "
          + source.path()
          + " ("
          + (source.ref() == null ? "HEAD" : source.ref())
          + ")";
    }
  }

  /** The branch a controller of {@code environment} follows, and its workflow ID. */
  static Followed followed(EnvironmentOptions environment) {
    if (environment.revision != null) {
      throw new IllegalArgumentException(
          "a controller follows a branch, not a commit: leave out --revision (use --ref BRANCH)");
    }
    EnvironmentSource source;
    if (environment.repository != null) {
      source =
          new EnvironmentSource(
              environment.repository, true, environment.environment, environment.ref, null);
    } else {
      Path local = Path.of(environment.environment).toAbsolutePath().normalize();
      try (GitSource git = GitSource.openLocal(local)) {
        source =
            new EnvironmentSource(
                git.directory().toAbsolutePath().toString(),
                false,
                git.pathInRepository(local),
                environment.ref,
                null);
      }
    }
    String workflowId =
        EnvironmentController.workflowId(source.repository(), source.path(), source.ref());
    return new Followed(source, workflowId);
  }

  /** What every subcommand shares: which controller, and how to reach it. */
  abstract static class Subcommand implements Callable<Integer> {

    @ParentCommand ControllerCommand controller;

    @Mixin EnvironmentOptions environment = new EnvironmentOptions();

    PrintWriter out() {
      return controller.parent.out();
    }

    PrintWriter err() {
      return controller.parent.err();
    }

    Followed followed() {
      return ControllerCommand.followed(environment);
    }

    /** A client of the configured server; a controller outlives commands, so there must be one. */
    static TemporalConnection connect(String command) {
      TemporalSettings settings = TemporalSettings.fromEnvironment();
      if (settings.embedded()) {
        throw new CommandException(
            "setpoint controller "
                + command
                + " talks to the Temporal server the controller runs on: set TEMPORAL_ADDRESS"
                + " (and run `setpoint worker` there)");
      }
      return TemporalSession.connect(settings);
    }

    static CommandException noController(Followed followed) {
      return new CommandException(
          "no controller is running for "
              + followed.describe()
              + " (workflow "
              + followed.workflowId()
              + "): start one with `setpoint controller start`");
    }
  }

  /** Sends one signal to a running controller. */
  abstract static class Signal extends Subcommand {

    private final String name;
    private final Consumer<EnvironmentController> send;
    private final String effect;

    /**
     * @param effect what the controller does now, for the confirmation line
     */
    Signal(String name, Consumer<EnvironmentController> send, String effect) {
      this.name = name;
      this.send = send;
      this.effect = effect;
    }

    @Override
    public Integer call() {
      Followed followed = followed();
      try (TemporalConnection connection = connect(name)) {
        EnvironmentController controller =
            connection.client().newWorkflowStub(EnvironmentController.class, followed.workflowId());
        try {
          send.accept(controller);
        } catch (WorkflowNotFoundException none) {
          throw noController(followed);
        }
        out().println(name + ": controller " + followed.workflowId() + " " + effect);
        return ExitCodes.SUCCESS;
      }
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = {
        "Start the controller of ENV, following --ref (default HEAD). A second start of the same"
            + " environment and repository attaches to the running controller.",
        "Without TEMPORAL_ADDRESS it runs in this process, with an embedded server, until"
            + " interrupted, printing what it does.",
        "Exit codes: 0 started or already running, 1 error."
      })
  static final class Start extends Subcommand {

    private static final Duration WATCH_POLL = Duration.ofSeconds(1);

    @Mixin TrustOptions trust = new TrustOptions();

    @Override
    public Integer call() {
      Followed followed = followed();
      EnvironmentDefinition definition;
      try (EnvironmentOptions.Opened opened = environment.open(false)) {
        LoadResult result = opened.loadAndReport(err(), ": the controller was not started");
        if (!result.valid()) {
          return ExitCodes.ERROR;
        }
        definition = result.definition().orElseThrow();
      }
      TemporalSettings settings = TemporalSettings.fromEnvironment();
      Set<String> queues =
          definition.providers().values().stream()
              .map(ProviderSettings::taskQueue)
              .filter(Objects::nonNull)
              .collect(Collectors.toSet());
      try (TemporalSession temporal = TemporalSession.open(settings, queues)) {
        WorkflowClient client = temporal.client();
        WorkflowOptions.Builder options =
            WorkflowOptions.newBuilder()
                .setTaskQueue(RunSettings.DEFAULT_TASK_QUEUE)
                .setWorkflowId(followed.workflowId())
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setStaticSummary(
                    "controller of " + definition.name() + " following " + followed.describe())
                .setMemo(EnvironmentController.memo(followed.source()));
        if (temporal.searchAttributes()) {
          options.setTypedSearchAttributes(
              RunSearchAttributes.atStart(definition.name(), "controller"));
        }
        EnvironmentController controller =
            client.newWorkflowStub(EnvironmentController.class, options.build());
        WorkflowExecution execution;
        try {
          execution =
              WorkflowClient.start(
                  controller::control,
                  new ControllerRequest(followed.source(), null, null, trust.lists()));
        } catch (WorkflowExecutionAlreadyStarted running) {
          register(client, followed);
          out()
              .println(
                  "controller "
                      + followed.workflowId()
                      + " is already running for "
                      + followed.describe()
                      + ": attached, nothing new was started");
          return ExitCodes.SUCCESS;
        }
        register(client, followed);
        out()
            .println(
                "started controller "
                    + followed.workflowId()
                    + " of "
                    + definition.name()
                    + " following "
                    + followed.describe());
        out().flush();
        if (!temporal.embedded()) {
          ReconcileCommand.requireWorker(
              client, WorkflowStub.fromTyped(controller), execution, settings.address());
          return ExitCodes.SUCCESS;
        }
        out()
            .println(
                "no TEMPORAL_ADDRESS: the controller runs in this process until interrupted (Ctrl-C);"
                    + " set TEMPORAL_ADDRESS to keep it running on a server");
        watch(
            controller,
            line -> {
              out().println(line);
              out().flush();
            });
        return ExitCodes.SUCCESS;
      }
    }

    /** Lists the controller where push webhooks look for the controllers of a repository. */
    private static void register(WorkflowClient client, Followed followed) {
      ControllerDirectory.register(
          client,
          RunSettings.DEFAULT_TASK_QUEUE,
          new ControllerEntry(
              followed.workflowId(), followed.source().repository(), followed.source().ref()));
    }

    /** Prints each change of the controller's state until its workflow ends. */
    private static void watch(EnvironmentController controller, Consumer<String> print) {
      WorkflowStub stub = WorkflowStub.fromTyped(controller);
      String last = "";
      while (true) {
        String now = ControllerTable.summaryLine(controller.status());
        if (!now.equals(last)) {
          print.accept(now);
          last = now;
        }
        try {
          stub.getResult(WATCH_POLL.toMillis(), TimeUnit.MILLISECONDS, ControllerStatus.class);
          return;
        } catch (TimeoutException stillRunning) {
          // keep watching
        }
      }
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Show the controller's state: last applied and attempted revision, the run in flight,"
            + " drift found by the last audit, what is blocked and why, the next poll and audit.",
        "Exit codes: 0 shown, 1 no such controller or an error."
      })
  static final class Status extends Subcommand {

    @Option(
        names = "--output",
        paramLabel = "FORMAT",
        defaultValue = "text",
        description = "text: a table for people; json: one JSON object. Default: ${DEFAULT-VALUE}.")
    OutputFormat output;

    @Override
    public Integer call() {
      Followed followed = followed();
      try (TemporalConnection connection = connect("status")) {
        ControllerStatus status;
        try {
          status =
              connection
                  .client()
                  .newWorkflowStub(EnvironmentController.class, followed.workflowId())
                  .status();
        } catch (WorkflowNotFoundException none) {
          throw noController(followed);
        }
        WorkflowClient client = connection.client();
        boolean ended =
            client.newUntypedWorkflowStub(followed.workflowId()).describe().getStatus()
                != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
        if (output == OutputFormat.JSON) {
          out().print(ControllerTable.json(status, ended));
        } else {
          out().print(ControllerTable.text(status, ended));
          inFlight(client, status).ifPresent(run -> out().print(ControllerTable.inFlight(run)));
          waitingApproval(client, status)
              .ifPresent(
                  pending ->
                      out()
                          .println(
                              "waiting for approval of plan "
                                  + pending.planHash()
                                  + ": "
                                  + pending.approveCommand()));
        }
        out().flush();
        return ExitCodes.SUCCESS;
      }
    }
  }

  /**
   * The resources of the run in flight, from that run's own {@code progress} query; empty when
   * nothing runs or the run has just ended.
   */
  static Optional<RunReport> inFlight(WorkflowClient client, ControllerStatus status) {
    return askInFlight(client, status, "progress", RunReport.class);
  }

  /** What the run in flight answers to {@code query}; empty when nothing runs or it has ended. */
  private static <T> Optional<T> askInFlight(
      WorkflowClient client, ControllerStatus status, String query, Class<T> type) {
    if (status.running() == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(
          client.newUntypedWorkflowStub(status.running().workflowId()).query(query, type));
    } catch (WorkflowException notThere) {
      return Optional.empty();
    }
  }

  /** The plan the run in flight waits on for approval, if it waits. */
  static Optional<PendingApproval> waitingApproval(WorkflowClient client, ControllerStatus status) {
    return askInFlight(client, status, "pendingApproval", PendingApproval.class);
  }

  @Command(
      name = "sync",
      mixinStandardHelpOptions = true,
      description =
          "Poll the branch now instead of at the next sync.interval; a failed commit is retried"
              + " at once.")
  static final class Sync extends Signal {
    Sync() {
      super("sync", EnvironmentController::sync, "polls its branch now");
    }
  }

  @Command(
      name = "suspend",
      mixinStandardHelpOptions = true,
      description = "Hold applies and drift reverts; drift is still audited and reported.")
  static final class Suspend extends Signal {
    Suspend() {
      super(
          "suspend",
          EnvironmentController::suspend,
          "holds applies and reverts (a run in flight finishes); drift is still audited");
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Lift suspend and catch up to the newest commit at once.")
  static final class Resume extends Signal {
    Resume() {
      super("resume", EnvironmentController::resume, "resumes and catches up to the newest commit");
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "End the controller; a run in flight finishes its steps in flight and stops.")
  static final class Stop extends Signal {
    Stop() {
      super("stop", EnvironmentController::stop, "stops once its steps in flight have finished");
    }
  }
}
