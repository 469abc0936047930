package dev.setpoint.cli;

import dev.setpoint.orchestrator.load.LoadResult;
import dev.setpoint.orchestrator.report.ExitCodes;
import dev.setpoint.orchestrator.report.TextReportRenderer;
import dev.setpoint.workflows.PendingApproval;
import dev.setpoint.workflows.TemporalConnection;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code setpoint approve ENV [--plan HASH]}: lets the apply that waits under {@code
 * policy.approval: required} proceed, the one {@code setpoint apply} or a controller started.
 */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = {
      "Approve the plan an apply of the environment waits on (policy.approval: required). Without"
          + " --plan, print the waiting plan and approve it; with --plan, approve only that plan.",
      "Needs TEMPORAL_ADDRESS: the waiting run lives on that server.",
      "Exit codes: 0 approved, 1 nothing waits, the plan is not the waiting one, or an error."
    })
final class ApproveCommand implements Callable<Integer> {

  @ParentCommand SetpointCommand parent;

  @Mixin EnvironmentOptions environment = new EnvironmentOptions();

  @Option(
      names = "--plan",
      paramLabel = "HASH",
      description =
          "The plan hash to approve, as setpoint plan prints it; refused unless it is the waiting"
              + " plan's.")
  String planHash;

  @Override
  public Integer call() {
    PrintWriter out = parent.out();
    String name;
    try (EnvironmentOptions.Opened opened = environment.open(false)) {
      LoadResult result = opened.loadAndReport(parent.err(), ": nothing was approved");
      if (!result.valid()) {
        return ExitCodes.ERROR;
      }
      name = result.definition().orElseThrow().name();
    }
    TemporalSettings settings = TemporalSettings.fromEnvironment();
    if (settings.embedded()) {
      throw new CommandException(
          "setpoint approve talks to the Temporal server where the apply waits: set"
              + " TEMPORAL_ADDRESS");
    }
    String workflowId = "setpoint-" + name + "-apply";
    try (TemporalConnection connection = TemporalSession.connect(settings)) {
      WorkflowStub run = connection.client().newUntypedWorkflowStub(workflowId);
      PendingApproval pending;
      try {
        pending = run.query("pendingApproval", PendingApproval.class);
      } catch (WorkflowNotFoundException | io.temporal.client.WorkflowQueryException none) {
        pending = null;
      }
      if (pending == null) {
        throw new CommandException(
            "nothing waits for approval in environment \""
                + name
                + "\" (workflow "
                + workflowId
                + "): run setpoint apply, or wait for the controller to plan");
      }
      String approving = planHash;
      if (approving == null) {
        out.print(new TextReportRenderer().render(pending.plan()));
        approving = pending.planHash();
      }
      try {
        run.update("approve", String.class, approving);
      } catch (WorkflowUpdateException rejected) {
        throw new CommandException(rootMessage(rejected), rejected);
      } catch (WorkflowException ended) {
        throw new CommandException(
            "workflow " + workflowId + " no longer waits: " + Main.oneLine(ended), ended);
      }
      out.println(
          "approved plan "
              + approving
              + " of "
              + name
              + ": workflow "
              + workflowId
              + " applies it");
      out.flush();
      return ExitCodes.SUCCESS;
    }
  }

  /** The validator's own words, without the failure classes around them. */
  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof io.temporal.failure.ApplicationFailure application
        ? application.getOriginalMessage()
        : Main.oneLine(cause);
  }
}
