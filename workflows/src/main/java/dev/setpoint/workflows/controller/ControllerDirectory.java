package dev.setpoint.workflows.controller;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Which controllers run in this namespace and what each follows, so that a push webhook can signal
 * the controllers of the pushed repository and branch. A workflow rather than a visibility query
 * because visibility may lag and the embedded server has none. {@code controller start} registers
 * with signal-with-start, so the directory exists as soon as one controller does.
 */
@WorkflowInterface
public interface ControllerDirectory {

  /** The one directory of a namespace. */
  String WORKFLOW_ID = "setpoint-controllers";

  @WorkflowMethod
  void run(List<ControllerEntry> entries);

  /** Adds or replaces the entry of {@code entry.workflowId()}. */
  @SignalMethod
  void register(ControllerEntry entry);

  /** Forgets a controller that has ended. */
  @SignalMethod
  void unregister(String workflowId);

  @QueryMethod
  List<ControllerEntry> entries();

  /**
   * Registers a controller, starting the directory if it does not run yet; called by {@code
   * controller start} on the workflow task queue.
   */
  static void register(WorkflowClient client, String taskQueue, ControllerEntry entry) {
    WorkflowStub directory =
        client.newUntypedWorkflowStub(
            "ControllerDirectory",
            WorkflowOptions.newBuilder()
                .setWorkflowId(WORKFLOW_ID)
                .setTaskQueue(taskQueue)
                .setStaticSummary("the controllers of this namespace, for push webhooks")
                .build());
    directory.signalWithStart(
        "register", new Object[] {entry}, new Object[] {List.<ControllerEntry>of()});
  }
}
