package dev.setpoint.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.setpoint.orchestrator.report.ExitCodes;
import dev.setpoint.orchestrator.report.ResourceResult;
import dev.setpoint.orchestrator.report.ResourceStatus;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed resource blocks only what depends on it; everything else still runs. */
class FailureIsolationTest {

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
  void aFailureSkipsItsDependentsTransitivelyAndSparesTheOtherBranch() throws Exception {
    harness.commit(
        Definitions.network("broken")
            + Definitions.subnetOf("child", "broken")
            + Definitions.network("grandchild", "child")
            + Definitions.network("independent")
            + Definitions.subnetOf("independent-child", "independent"));
    harness.provider.failInvalid.put("broken", "cidrBlock 10.0.0.0/16 overlaps an existing one");

    RunReport report = harness.run(RunMode.APPLY);

    assertThat(report.resources())
        .extracting(
            ResourceResult::name,
            ResourceResult::status,
            ResourceResult::error,
            ResourceResult::blockedBy)
        .containsExactlyInAnyOrder(
            tuple(
                "broken",
                ResourceStatus.FAILED,
                "cidrBlock 10.0.0.0/16 overlaps an existing one",
                List.of()),
            tuple("child", ResourceStatus.SKIPPED, null, List.of("broken")),
            tuple("grandchild", ResourceStatus.SKIPPED, null, List.of("broken")),
            tuple("independent", ResourceStatus.SUCCEEDED, null, List.of()),
            tuple("independent-child", ResourceStatus.SUCCEEDED, null, List.of()));
    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(ExitCodes.of(report)).isEqualTo(ExitCodes.ERROR);
    assertThat(harness.provider.live).containsOnlyKeys("independent", "independent-child");
    assertThat(harness.provider.count("apply", "child")).isZero();
  }
}
