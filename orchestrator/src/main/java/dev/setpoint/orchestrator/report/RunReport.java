package dev.setpoint.orchestrator.report;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one run of {@code plan}, {@code apply}, {@code drift} or {@code destroy}: the
 * report that {@code --output json} prints as SPEC §3 shows, and the workflow's result.
 *
 * @param revision the 40-hex commit the run read the definition at
 * @param workflowId the Temporal workflow that ran it, or null when none did
 * @param runId the Temporal run of that workflow, or null when none did
 * @param resources in the order the run reached them
 */
public record RunReport(
    String environment,
    String revision,
    RunMode mode,
    RunStatus status,
    String workflowId,
    String runId,
    List<ResourceResult> resources) {

  public RunReport {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(status, "status");
    resources = resources == null ? List.of() : List.copyOf(resources);
  }
}
