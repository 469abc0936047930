package dev.setpoint.cli.webhook;

import dev.setpoint.workflows.controller.ControllerDirectory;
import dev.setpoint.workflows.controller.ControllerEntry;
import dev.setpoint.workflows.controller.EnvironmentController;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a verified push does: signal {@code sync} to every controller the directory lists for the
 * pushed repository and branch; a controller that has ended is dropped from the directory.
 */
public final class ControllerSync implements WebhookServer.PushListener {

  private static final Logger log = LoggerFactory.getLogger(ControllerSync.class);

  private final WorkflowClient client;

  public ControllerSync(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public int pushed(PushEvent push) {
    List<ControllerEntry> entries;
    try {
      entries =
          client
              .newWorkflowStub(ControllerDirectory.class, ControllerDirectory.WORKFLOW_ID)
              .entries();
    } catch (WorkflowNotFoundException noControllerYet) {
      return 0;
    }
    int signalled = 0;
    for (ControllerEntry entry : entries) {
      if (!push.isFor(entry.repository()) || !entry.follows(push.branch())) {
        continue;
      }
      try {
        client.newWorkflowStub(EnvironmentController.class, entry.workflowId()).sync();
        signalled++;
      } catch (WorkflowException ended) {
        log.info("controller {} has ended: forgotten", entry.workflowId());
        client
            .newWorkflowStub(ControllerDirectory.class, ControllerDirectory.WORKFLOW_ID)
            .unregister(entry.workflowId());
      }
    }
    return signalled;
  }
}
