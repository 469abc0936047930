package dev.setpoint.workflows.notify;

import dev.setpoint.orchestrator.model.Notification;
import dev.setpoint.orchestrator.report.ResourceResult;
import dev.setpoint.orchestrator.report.ResourceStatus;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import dev.setpoint.workflows.PendingApproval;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;

/**
 * What a run announces, called from the workflow. A run whose definition names no notifications
 * schedules nothing, so its history stays exactly as before notifications existed; a post that
 * still fails after a few attempts is logged and never fails the run it announces.
 */
public final class Announcements {

  private static final Logger log = Workflow.getLogger(Announcements.class);

  /** The first lines of each error a run-failed message quotes. */
  private static final int ERROR_LINES = 2;

  private final List<Notification> targets;

  public Announcements(List<Notification> targets) {
    this.targets = targets == null ? List.of() : List.copyOf(targets);
  }

  /** Announces how a run ended: a failure, drift found, drift reverted. */
  public void ended(RunReport report, boolean revert) {
    if (targets.isEmpty()) {
      return;
    }
    boolean changing =
        report.mode() == RunMode.APPLY
            || report.mode() == RunMode.DESTROY
            || (report.mode() == RunMode.DRIFT && revert);
    if (changing && report.status() == RunStatus.FAILED) {
      post(report, Notification.Event.RUN_FAILED, failedText(report));
    }
    if (report.mode() != RunMode.DRIFT) {
      return;
    }
    List<String> leftInPlace =
        names(report, r -> r.drifted() && r.status() != ResourceStatus.SUCCEEDED);
    if (!leftInPlace.isEmpty()) {
      post(
          report,
          Notification.Event.DRIFT_FOUND,
          "drift in " + where(report) + ": " + String.join(", ", leftInPlace));
    }
    List<String> reverted =
        revert
            ? names(report, r -> r.drifted() && r.status() == ResourceStatus.SUCCEEDED)
            : List.of();
    if (!reverted.isEmpty()) {
      post(
          report,
          Notification.Event.DRIFT_REVERTED,
          "drift reverted in " + where(report) + ": " + String.join(", ", reverted));
    }
  }

  /** Announces a plan that waits for approval, with the command that approves it. */
  public void waiting(PendingApproval pending) {
    if (targets.isEmpty()) {
      return;
    }
    post(
        pending.plan(),
        Notification.Event.APPROVAL_WAITING,
        "apply of "
            + where(pending.plan())
            + " waits for approval of plan "
            + pending.planHash()
            + ": "
            + pending.approveCommand());
  }

  private static String failedText(RunReport report) {
    StringBuilder text =
        new StringBuilder(report.mode().reportName()).append(" of ").append(where(report));
    text.append(" failed:");
    for (ResourceResult result : report.resources()) {
      if (result.status() == ResourceStatus.FAILED) {
        text.append("\n- ").append(result.name()).append(": ").append(firstLines(result.error()));
      }
    }
    List<String> skipped = names(report, r -> r.status() == ResourceStatus.SKIPPED);
    if (!skipped.isEmpty()) {
      text.append("\nnot run: ").append(String.join(", ", skipped));
    }
    return text.toString();
  }

  private static String firstLines(String error) {
    if (error == null) {
      return "(no message)";
    }
    return String.join(" ", error.lines().limit(ERROR_LINES).toList());
  }

  private static List<String> names(RunReport report, Predicate<ResourceResult> which) {
    return report.resources().stream().filter(which).map(ResourceResult::name).toList();
  }

  private static String where(RunReport report) {
    String revision = report.revision();
    return report.environment()
        + (revision == null ? "" : " at " + revision.substring(0, Math.min(7, revision.length())));
  }

  private void post(RunReport report, Notification.Event event, String text) {
    NotificationActivities notify =
        Workflow.newActivityStub(
            NotificationActivities.class,
            ActivityOptions.newBuilder()
                .setTaskQueue(Workflow.getInfo().getTaskQueue())
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setMaximumAttempts(3)
                        .build())
                .setSummary("notify " + event.yamlName())
                .build());
    try {
      notify.post(
          targets,
          new NotificationMessage(
              report.environment(),
              event,
              report.revision(),
              text,
              Workflow.getInfo().getWorkflowId()));
    } catch (ActivityFailure failed) {
      log.warn("the {} notification for {} was not posted", event.yamlName(), report.environment());
    }
  }
}
