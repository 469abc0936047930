package dev.setpoint.workflows;

import static dev.setpoint.workflows.WorkflowHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.provider.Change;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * References resolve in the workflow from recorded outputs: a whole-value reference keeps its type,
 * an interpolated one becomes text, and plan shows outputs not made yet as known after apply.
 */
class ReferencesTest {

  static final String SUBNET_AND_CONSUMERS =
      """
        - name: settings
          type: test:Module
          properties:
            source: ../../modules/app
            variables: {replicas: 3}
        - name: sub
          type: test:net/Subnet
          properties:
            networkId: fixed
            cidrBlock: 10.0.1.0/24
            count: "${settings.replicas}"
        - name: consumer
          type: test:Module
          properties:
            source: ../../modules/app
            variables:
              zones: "${sub.zones}"
              firstZone: "${sub.zones[0]}"
              replicas: "${settings.replicas}"
              label: "subnet ${sub.id} with ${settings.replicas} replicas"
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
  void wholeValueReferencesKeepTheirTypeAndInterpolatedOnesBecomeText() throws Exception {
    harness.commit(SUBNET_AND_CONSUMERS);

    RunReport report = harness.run(RunMode.APPLY);

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(harness.provider.live.get("sub").properties()).containsEntry("count", 3);
    String subnetId = harness.provider.live.get("sub").id();
    assertThat(harness.provider.live.get("consumer").properties().get("variables"))
        .isEqualTo(
            Map.of(
                "zones",
                List.of("zone-a", "zone-b"),
                "firstZone",
                "zone-a",
                "replicas",
                3,
                "label",
                "subnet " + subnetId + " with 3 replicas"));
  }

  @Test
  void planShowsOutputsOfResourcesNotYetMadeAsKnownAfterApply() throws Exception {
    harness.commit(Definitions.network("net") + Definitions.subnetOf("sub", "net"));

    RunReport report = harness.run(RunMode.PLAN);

    assertThat(resource(report, "sub").changes())
        .contains(new Change("networkId", null, ReconcileEnvironmentImpl.KNOWN_AFTER_APPLY));
    assertThat(harness.provider.live).isEmpty();
  }

  @Test
  void planResolvesReferencesFromObservedOutputsOnceTheyExist() throws Exception {
    harness.commit(Definitions.network("net"));
    harness.run(RunMode.APPLY);
    harness.commit(Definitions.network("net") + Definitions.subnetOf("sub", "net"));

    RunReport report = harness.run(RunMode.PLAN);

    assertThat(resource(report, "sub").changes())
        .contains(new Change("networkId", null, harness.provider.live.get("net").id()));
  }
}
