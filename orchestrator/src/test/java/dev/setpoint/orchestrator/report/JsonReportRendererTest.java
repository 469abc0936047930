package dev.setpoint.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonReportRendererTest {

  private final JsonReportRenderer renderer = new JsonReportRenderer();

  @Test
  void rendersTheShapeOfTheSpecExactly() {
    String json = renderer.render(Reports.failedApply());

    assertThat(json)
        .isEqualTo(
            "{\"environment\":\"staging\","
                + "\"revision\":\"0123456789abcdef0123456789abcdef01234567\","
                + "\"mode\":\"apply\",\"status\":\"failed\","
                + "\"workflowId\":\"setpoint/staging/apply\",\"runId\":\"6f1c2a\","
                + "\"resources\":["
                + "{\"name\":\"vpc\",\"type\":\"aws:ec2/Vpc\",\"action\":\"create\","
                + "\"status\":\"succeeded\",\"drifted\":false,"
                + "\"changes\":[{\"path\":\"enableDnsHostnames\",\"before\":false,\"after\":true}],"
                + "\"outputs\":{\"id\":\"vpc-0abc\"},\"attempts\":1,\"error\":null,"
                + "\"blockedBy\":[]},"
                + "{\"name\":\"db\",\"type\":\"terraform:Module\",\"action\":\"update\","
                + "\"status\":\"failed\",\"drifted\":true,"
                + "\"changes\":[{\"path\":\"variables.size\",\"before\":20,\"after\":50},"
                + "{\"path\":\"variables.zones\",\"before\":[\"a\"],\"after\":[\"a\",\"b\"]}],"
                + "\"outputs\":{\"endpoint\":\"db.internal\",\"password\":\"(sensitive)\"},"
                + "\"attempts\":3,"
                + "\"error\":\"terraform apply: permission denied for rds:ModifyDBInstance\","
                + "\"blockedBy\":[]},"
                + "{\"name\":\"app\",\"type\":\"kubernetes:Manifests\",\"action\":\"create\","
                + "\"status\":\"skipped\",\"drifted\":false,\"changes\":[],\"outputs\":{},"
                + "\"attempts\":0,\"error\":null,\"blockedBy\":[\"db\"]}]}");
  }

  @Test
  void neverWritesASensitiveValue() {
    assertThat(renderer.render(Reports.failedApply())).doesNotContain("hunter2");
  }

  @Test
  void parsesBackWithTheSpecFieldNames() throws Exception {
    JsonNode tree = new ObjectMapper().readTree(renderer.render(Reports.failedApply()));

    assertThat(tree.fieldNames())
        .toIterable()
        .containsExactly(
            "environment", "revision", "mode", "status", "workflowId", "runId", "resources");
    JsonNode skipped = tree.get("resources").get(2);
    assertThat(skipped.fieldNames())
        .toIterable()
        .containsExactly(
            "name",
            "type",
            "action",
            "status",
            "drifted",
            "changes",
            "outputs",
            "attempts",
            "error",
            "blockedBy");
    assertThat(tree.get("resources").get(0).get("changes").get(0).fieldNames())
        .toIterable()
        .containsExactly("path", "before", "after");
    assertThat(skipped.get("error").isNull()).isTrue();
    assertThat(skipped.get("blockedBy").get(0).asText()).isEqualTo("db");
    assertThat(tree.get("resources").get(1).get("attempts").isInt()).isTrue();
    assertThat(tree.get("resources").get(1).get("drifted").isBoolean()).isTrue();
  }

  @Test
  void everyEnumValueIsLowerCase() throws Exception {
    var mapper = new ObjectMapper();
    for (RunMode mode : RunMode.values()) {
      for (RunStatus status : RunStatus.values()) {
        JsonNode tree = mapper.readTree(renderer.render(Reports.report(mode, status)));
        assertThat(tree.get("mode").asText()).isEqualTo(mode.name().toLowerCase());
        assertThat(tree.get("status").asText()).isEqualTo(status.name().toLowerCase());
      }
    }
    for (Action action : Action.values()) {
      for (ResourceStatus status : ResourceStatus.values()) {
        JsonNode resource =
            mapper
                .readTree(
                    renderer.render(
                        Reports.report(
                            RunMode.PLAN,
                            RunStatus.SUCCEEDED,
                            Reports.result("b", action, status))))
                .get("resources")
                .get(0);
        assertThat(resource.get("action").asText()).isEqualTo(action.name().toLowerCase());
        assertThat(resource.get("status").asText()).isEqualTo(status.name().toLowerCase());
      }
    }
  }

  @Test
  void missingWorkflowIdsAndRevisionAreNull() {
    var report =
        new RunReport("staging", null, RunMode.APPLY, RunStatus.SUCCEEDED, null, null, List.of());

    assertThat(renderer.render(report))
        .isEqualTo(
            "{\"environment\":\"staging\",\"revision\":null,\"mode\":\"apply\","
                + "\"status\":\"succeeded\",\"workflowId\":null,\"runId\":null,\"resources\":[]}");
  }

  @Test
  void nestedOutputValuesKeepTheirTypes() throws Exception {
    var result =
        new ResourceResult(
            "net",
            "terraform:Module",
            Action.NONE,
            ResourceStatus.PENDING,
            false,
            List.of(),
            Outputs.of(
                java.util.Map.of("subnets", List.of("s-1", "s-2"), "count", 2, "ratio", 0.5)),
            0,
            null,
            List.of());

    JsonNode outputs =
        new ObjectMapper()
            .readTree(renderer.render(Reports.report(RunMode.PLAN, RunStatus.SUCCEEDED, result)))
            .get("resources")
            .get(0)
            .get("outputs");

    assertThat(outputs.get("subnets").isArray()).isTrue();
    assertThat(outputs.get("count").isInt()).isTrue();
    assertThat(outputs.get("ratio").isDouble()).isTrue();
  }
}
