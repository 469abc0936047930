package dev.setpoint.workflows.notify;

import dev.setpoint.orchestrator.model.Notification;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/** Posts announcements to the webhooks an environment names; runs on the workflow's worker. */
@ActivityInterface(namePrefix = "Notify")
public interface NotificationActivities {

  /**
   * Posts {@code message} to each of {@code targets} that wants its event; returns how many were
   * posted. A target whose variable is unset on this worker is skipped with a warning; a failed
   * post fails the activity so that Temporal retries it.
   */
  int post(List<Notification> targets, NotificationMessage message);
}
