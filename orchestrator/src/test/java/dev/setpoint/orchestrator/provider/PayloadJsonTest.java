package dev.setpoint.orchestrator.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.setpoint.orchestrator.report.ResourceResult;
import dev.setpoint.orchestrator.report.ResourceStatus;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The values that will travel as Temporal payloads survive a Jackson round trip with a plain
 * mapper, as the Temporal SDK's default converter does it: records of plain values, no annotations.
 */
class PayloadJsonTest {

  private final ObjectMapper mapper = new ObjectMapper();

  private <T> T roundTrip(T value, Class<T> type) throws Exception {
    return mapper.readValue(mapper.writeValueAsString(value), type);
  }

  private static final Outputs OUTPUTS =
      Outputs.withSensitive(Map.of("id", "vpc-0abc", "token", "s3cr3t"), Set.of("token"));

  @Test
  void observationRoundTrips() throws Exception {
    var observation =
        Observation.managed(
            "vpc-0abc",
            Map.of("cidrBlock", "10.0.0.0/16", "tags", Map.of("team", "x"), "ports", List.of(80)),
            OUTPUTS);

    assertThat(roundTrip(observation, Observation.class)).isEqualTo(observation);
    assertThat(roundTrip(Observation.absent(), Observation.class)).isEqualTo(Observation.absent());
  }

  @Test
  void planRoundTrips() throws Exception {
    var plan =
        Plan.replace(
            List.of(new Change("cidrBlock", "10.0.0.0/16", "10.1.0.0/16")),
            "cidrBlock cannot change in place");

    assertThat(roundTrip(plan, Plan.class)).isEqualTo(plan);
  }

  @Test
  void onlyRecordComponentsAreWritten() throws Exception {
    var tree = mapper.valueToTree(Observation.absent());

    assertThat(tree.fieldNames())
        .toIterable()
        .containsExactly("ownership", "id", "state", "outputs");
  }

  @Test
  void outputsManagedResourceAndReadinessRoundTrip() throws Exception {
    var managed =
        new ManagedResource(
            "staging", "vpc", "aws:ec2/Vpc", "vpc-0abc", Map.of("region", "us-east-1"));

    assertThat(roundTrip(OUTPUTS, Outputs.class)).isEqualTo(OUTPUTS);
    assertThat(roundTrip(managed, ManagedResource.class)).isEqualTo(managed);
    assertThat(roundTrip(Readiness.notReady("1 of 3 replicas"), Readiness.class))
        .isEqualTo(Readiness.notReady("1 of 3 replicas"));
  }

  @Test
  void runReportRoundTrips() throws Exception {
    var report =
        new RunReport(
            "staging",
            "a".repeat(40),
            RunMode.APPLY,
            RunStatus.FAILED,
            "setpoint/staging/apply",
            "run-1",
            List.of(
                new ResourceResult(
                    "vpc",
                    "aws:ec2/Vpc",
                    Plan.Action.UPDATE,
                    ResourceStatus.SUCCEEDED,
                    true,
                    List.of(new Change("enableDnsHostnames", false, true)),
                    OUTPUTS,
                    2,
                    null,
                    List.of()),
                new ResourceResult(
                    "subnet",
                    "aws:ec2/Subnet",
                    Plan.Action.CREATE,
                    ResourceStatus.SKIPPED,
                    false,
                    List.of(),
                    Outputs.none(),
                    0,
                    null,
                    List.of("vpc"))));

    assertThat(roundTrip(report, RunReport.class)).isEqualTo(report);
  }
}
