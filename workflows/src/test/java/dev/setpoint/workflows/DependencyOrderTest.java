package dev.setpoint.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.report.ResourceResult;
import dev.setpoint.orchestrator.report.ResourceStatus;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No resource starts before every one of its dependencies has succeeded. */
class DependencyOrderTest {

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
  void aDiamondOfExplicitAndReferenceEdgesRunsEachResourceAfterItsDependencies() throws Exception {
    // top <- left (reference), top <- right (dependsOn), left and right <- bottom (one of each)
    harness.commit(
        Definitions.network("top")
            + Definitions.subnetOf("left", "top")
            + Definitions.network("right", "top")
            + """
              - name: bottom
                type: test:net/Subnet
                dependsOn: [left]
                properties: {networkId: "${right.id}", cidrBlock: 10.0.2.0/24}
            """);
    // The slow side of the diamond must hold bottom back even though right is long done.
    harness.provider.applyDelay.put("left", Duration.ofMillis(400));
    harness.provider.applyDelay.put("top", Duration.ofMillis(100));

    RunReport report = harness.run(RunMode.APPLY);

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertStartedAfter(
        Map.of(
            "left", Set.of("top"),
            "right", Set.of("top"),
            "bottom", Set.of("left", "right")));
    // left and right share only top, so they ran side by side.
    assertThat(harness.provider.call("apply", "right").startedNanos())
        .isLessThan(harness.provider.call("apply", "left").endedNanos());
  }

  @Test
  void aChainRunsOneLinkAtATimeInOrder() throws Exception {
    // Written in reverse so that definition order cannot pass for dependency order.
    harness.commit(
        Definitions.network("third", "second")
            + Definitions.subnetOf("second", "first")
            + Definitions.network("first"));

    RunReport report = harness.run(RunMode.APPLY);

    assertThat(report.resources())
        .extracting(ResourceResult::status)
        .containsOnly(ResourceStatus.SUCCEEDED);
    assertThat(harness.provider.finished("apply")).containsExactly("first", "second", "third");
    assertStartedAfter(Map.of("second", Set.of("first"), "third", Set.of("second")));
  }

  /** For each resource, its apply started after every named dependency's apply had ended. */
  private void assertStartedAfter(Map<String, Set<String>> dependencies) {
    dependencies.forEach(
        (resource, required) -> {
          long started = harness.provider.call("apply", resource).startedNanos();
          for (String dependency : required) {
            assertThat(harness.provider.call("apply", dependency).endedNanos())
                .as("%s ended before %s started", dependency, resource)
                .isLessThan(started);
          }
        });
  }
}
