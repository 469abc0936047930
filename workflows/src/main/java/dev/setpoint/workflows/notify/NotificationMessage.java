package dev.setpoint.workflows.notify;

import dev.setpoint.orchestrator.model.Notification;

/**
 * One announcement about an environment.
 *
 * @param environment the environment's name
 * @param event what happened
 * @param revision the commit the run was at, or null
 * @param text one or a few lines a person reads in a chat channel
 * @param workflowId the run to open in the Temporal UI for the details
 */
public record NotificationMessage(
    String environment,
    Notification.Event event,
    String revision,
    String text,
    String workflowId) {}
