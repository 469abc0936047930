package dev.setpoint.orchestrator.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.setpoint.orchestrator.provider.Change;

/**
 * The report as {@code --output json} prints it: one compact JSON object in the shape of SPEC §3,
 * fields in that order, enum values in lower case, {@code error} kept as null, sensitive outputs
 * redacted.
 */
public final class JsonReportRenderer {

  /** The report as one line of JSON, without a trailing line break. */
  public String render(RunReport report) {
    return ReportJson.text(tree(report));
  }

  private static ObjectNode tree(RunReport report) {
    ObjectNode root = ReportJson.mapper().createObjectNode();
    root.put("environment", report.environment());
    root.put("revision", report.revision());
    root.put("mode", report.mode().reportName());
    root.put("status", report.status().reportName());
    root.put("workflowId", report.workflowId());
    root.put("runId", report.runId());
    if (report.mode() == RunMode.PLAN) {
      root.put("planHash", PlanHash.of(report));
    }
    ArrayNode resources = root.putArray("resources");
    for (ResourceResult result : report.resources()) {
      resources.add(resource(result));
    }
    return root;
  }

  private static ObjectNode resource(ResourceResult result) {
    ObjectNode node = ReportJson.mapper().createObjectNode();
    node.put("name", result.name());
    node.put("type", result.type());
    node.put("action", result.action().reportName());
    node.put("status", result.status().reportName());
    node.put("drifted", result.drifted());
    ArrayNode changes = node.putArray("changes");
    for (Change change : result.changes()) {
      ObjectNode changeNode = changes.addObject();
      changeNode.put("path", change.path());
      changeNode.set("before", ReportJson.tree(change.before()));
      changeNode.set("after", ReportJson.tree(change.after()));
    }
    ObjectNode outputs = node.putObject("outputs");
    result.outputs().redacted().forEach((name, value) -> outputs.set(name, ReportJson.tree(value)));
    node.put("attempts", result.attempts());
    node.put("error", result.error());
    ArrayNode blockedBy = node.putArray("blockedBy");
    result.blockedBy().forEach(blockedBy::add);
    return node;
  }
}
