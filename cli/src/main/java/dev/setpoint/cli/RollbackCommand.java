package dev.setpoint.cli;

import dev.setpoint.orchestrator.git.GitSource;
import dev.setpoint.orchestrator.git.Revision;
import dev.setpoint.orchestrator.report.ExitCodes;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunStatus;
import dev.setpoint.workflows.TemporalConnection;
import dev.setpoint.workflows.TrustLists;
import dev.setpoint.workflows.controller.ControllerRun;
import dev.setpoint.workflows.controller.ControllerStatus;
import dev.setpoint.workflows.controller.EnvironmentController;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowNotFoundException;
import java.io.PrintWriter;
import java.time.Duration;
import org.eclipse.jgit.lib.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code setpoint rollback ENV --to REVISION}: reconcile to an earlier commit of the branch. With a
 * controller running it pins the controller there (until {@code controller resume}); without one it
 * is an apply at that commit.
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Reconcile the environment to an earlier commit of its branch (--ref, default HEAD's). With"
          + " a controller running for it, the controller is pinned at that commit: it applies it"
          + " now and holds newer commits until `setpoint controller resume`. Without one, this"
          + " is an apply at that commit.",
      "Git stays the source of truth: make the rollback permanent with `git revert` and a push.",
      "Exit codes: 0 rolled back, 1 the commit is not on the branch, or the apply failed."
    })
final class RollbackCommand extends ReconcileCommand {

  private static final Duration CONTROLLER_POLL = Duration.ofSeconds(1);

  @Option(
      names = "--to",
      required = true,
      paramLabel = "REVISION",
      description = "The earlier commit (full or abbreviated id, or a tag) to return to.")
  String to;

  @Mixin TrustOptions trustOptions = new TrustOptions();

  @Override
  RunMode mode() {
    return RunMode.APPLY;
  }

  @Override
  TrustLists trust() {
    return trustOptions.lists();
  }

  @Override
  String commandName() {
    return "rollback";
  }

  @Override
  public Integer call() {
    if (environment.revision != null) {
      throw new CommandException(
          "rollback takes the commit as --to REVISION; leave out --revision");
    }
    TrustLists trust = trust(); // a missing trust list is one line before anything starts
    OnBranch target = commitOnBranch();
    PrintWriter out = parent.out();
    TemporalSettings settings = TemporalSettings.fromEnvironment();
    if (!settings.embedded()) {
      ControllerCommand.Followed followed = ControllerCommand.followed(environment);
      Integer pinned = pinController(settings, followed, target);
      if (pinned != null) {
        return pinned;
      }
    }
    environment.revision = target.commit().commitId();
    int exit = super.call();
    out.println(hint(target));
    out.flush();
    return exit;
  }

  /** The commit and the head of the branch it must be on. */
  private record OnBranch(Revision commit, Revision head) {}

  private OnBranch commitOnBranch() {
    try (EnvironmentOptions.Opened opened = environment.open(false)) {
      GitSource git = opened.source();
      Revision head = opened.revision();
      Revision commit = git.resolve(null, to);
      if (!git.isAncestor(commit, head)) {
        throw new CommandException(
            "commit "
                + commit.shortId()
                + " is not on "
                + branchName(head)
                + " (head "
                + head.shortId()
                + "): rollback returns to an earlier commit of the same branch");
      }
      return new OnBranch(commit, head);
    }
  }

  /**
   * Pins the running controller and waits for it to apply the commit; null when no controller runs
   * for the environment.
   */
  private Integer pinController(
      TemporalSettings settings, ControllerCommand.Followed followed, OnBranch target) {
    PrintWriter out = parent.out();
    try (TemporalConnection connection = TemporalSession.connect(settings)) {
      WorkflowExecutionStatus state;
      try {
        state =
            connection
                .client()
                .newUntypedWorkflowStub(followed.workflowId())
                .describe()
                .getStatus();
      } catch (WorkflowNotFoundException none) {
        return null;
      }
      if (state != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return null;
      }
      EnvironmentController controller =
          connection.client().newWorkflowStub(EnvironmentController.class, followed.workflowId());
      String commit = target.commit().commitId();
      controller.pin(commit);
      out.println(
          "pinned controller "
              + followed.workflowId()
              + " at "
              + target.commit().shortId()
              + ": it applies that commit now and holds newer ones until `setpoint controller"
              + " resume`");
      out.flush();
      ControllerRun attempt = awaitAttempt(controller, commit);
      out.println(
          "rollback to "
              + target.commit().shortId()
              + ": "
              + attempt.status().reportName()
              + (attempt.message() == null ? "" : " (" + attempt.message() + ")"));
      out.println(hint(target));
      out.flush();
      return attempt.status() == RunStatus.SUCCEEDED ? ExitCodes.SUCCESS : ExitCodes.ERROR;
    }
  }

  /** Waits until the controller has finished an attempt at {@code commit}. */
  private static ControllerRun awaitAttempt(EnvironmentController controller, String commit) {
    while (true) {
      ControllerStatus status = controller.status();
      ControllerRun attempt = status.state().lastAttempt();
      boolean done =
          attempt != null
              && attempt.revision().equals(commit)
              && attempt.status() != RunStatus.RUNNING
              && (status.running() == null || !status.running().revision().equals(commit));
      if (done) {
        return attempt;
      }
      try {
        Thread.sleep(CONTROLLER_POLL.toMillis());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new CommandException("interrupted while the controller applies the rollback");
      }
    }
  }

  private static String hint(OnBranch target) {
    return "hint: Git still says "
        + target.head().shortId()
        + ". To make the rollback permanent, revert the later commits and push: git revert"
        + " --no-edit "
        + target.commit().shortId()
        + ".."
        + target.head().shortId();
  }

  private static String branchName(Revision head) {
    return head.refName() == null ? "the branch" : Repository.shortenRefName(head.refName());
  }
}
