package dev.setpoint.orchestrator.report;

import dev.setpoint.orchestrator.provider.Change;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;
import java.util.List;
import java.util.Objects;

/**
 * What a run did with one resource; one element of the report's {@code resources}.
 *
 * @param name the resource name
 * @param type the resource type, as {@code aws:ec2/Vpc}
 * @param action what the plan said to do
 * @param drifted whether live differed from Git when the run observed it (a managed resource
 *     missing counts)
 * @param changes the field-level changes of the plan
 * @param outputs the resource's outputs after the run (observed ones in {@code plan} mode);
 *     renderers redact the sensitive ones
 * @param attempts how many times its last step ran, retries included; 0 when it never ran
 * @param error one line on why it failed, or null
 * @param blockedBy the failed dependencies that kept it from running, for a skipped resource
 */
public record ResourceResult(
    String name,
    String type,
    Plan.Action action,
    ResourceStatus status,
    boolean drifted,
    List<Change> changes,
    Outputs outputs,
    int attempts,
    String error,
    List<String> blockedBy) {

  public ResourceResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(status, "status");
    changes = changes == null ? List.of() : List.copyOf(changes);
    outputs = outputs == null ? Outputs.none() : outputs;
    blockedBy = blockedBy == null ? List.of() : List.copyOf(blockedBy);
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts cannot be negative: " + attempts);
    }
  }
}
