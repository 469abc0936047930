package dev.setpoint.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.provider.Plan.Action;
import dev.setpoint.orchestrator.report.ResourceResult;
import dev.setpoint.orchestrator.report.ResourceStatus;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcileApplyTest {

  static final String NETWORK_AND_SUBNET =
      """
        - name: net
          type: test:net/Network
          properties: {cidrBlock: 10.0.0.0/16}
        - name: sub
          type: test:net/Subnet
          properties: {networkId: "${net.id}", cidrBlock: 10.0.1.0/24}
      """;

  @TempDir Path folder;
  WorkflowHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = new WorkflowHarness(folder);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void appliesInDependencyOrderWithOutputsFlowingAlongTheGraph() throws Exception {
    String commit = harness.commit(NETWORK_AND_SUBNET);

    RunReport report = harness.run(RunMode.APPLY);

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.revision()).isEqualTo(commit);
    assertThat(report.environment()).isEqualTo("dev");
    assertThat(report.resources())
        .extracting(ResourceResult::name, ResourceResult::action, ResourceResult::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("net", Action.CREATE, ResourceStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("sub", Action.CREATE, ResourceStatus.SUCCEEDED));
    String networkId = harness.provider.live.get("net").id();
    assertThat(harness.provider.live.get("sub").properties()).containsEntry("networkId", networkId);
    assertThat(harness.provider.call("apply", "net").endedNanos())
        .isLessThan(harness.provider.call("apply", "sub").startedNanos());
  }

  @Test
  void aSecondApplyFindsEverythingInSync() throws Exception {
    harness.commit(NETWORK_AND_SUBNET);
    harness.run(RunMode.APPLY);

    RunReport again = harness.run(RunMode.APPLY);

    assertThat(again.resources()).extracting(ResourceResult::action).containsOnly(Action.NONE);
    assertThat(harness.provider.finished("apply")).hasSize(2);
  }
}
