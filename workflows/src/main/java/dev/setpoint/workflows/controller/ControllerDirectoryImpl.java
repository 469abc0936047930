package dev.setpoint.workflows.controller;

import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/** The directory's state is its entries; it continues as new before its history grows large. */
public class ControllerDirectoryImpl implements ControllerDirectory {

  private final List<ControllerEntry> entries = new ArrayList<>();

  @Override
  public void run(List<ControllerEntry> initial) {
    if (initial != null) {
      entries.addAll(initial);
    }
    Workflow.await(() -> Workflow.getInfo().isContinueAsNewSuggested());
    Workflow.await(Workflow::isEveryHandlerFinished);
    Workflow.continueAsNew(List.copyOf(entries));
  }

  @Override
  public void register(ControllerEntry entry) {
    unregister(entry.workflowId());
    entries.add(entry);
  }

  @Override
  public void unregister(String workflowId) {
    entries.removeIf(entry -> entry.workflowId().equals(workflowId));
  }

  @Override
  public List<ControllerEntry> entries() {
    return List.copyOf(entries);
  }
}
