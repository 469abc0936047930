package dev.setpoint.workflows;

import static dev.setpoint.workflows.WorkflowHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.provider.Plan.Action;
import dev.setpoint.orchestrator.report.ExitCodes;
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

/**
 * Destroy deletes dependents before their dependencies, keeps what is retained, and skips the
 * absent.
 */
class DestroyTest {

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
  void deletesInReverseDependencyOrder() throws Exception {
    harness.commit(
        Definitions.network("base")
            + Definitions.subnetOf("middle", "base")
            + Definitions.network("top", "middle")
            + Definitions.network("sibling", "base"));
    harness.run(RunMode.APPLY);

    RunReport report = harness.run(RunMode.DESTROY);

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.resources()).extracting(ResourceResult::action).containsOnly(Action.DELETE);
    assertThat(harness.provider.live).isEmpty();
    assertDeletedBefore("top", "middle");
    assertDeletedBefore("middle", "base");
    assertDeletedBefore("sibling", "base");
    assertThat(ExitCodes.of(report)).isEqualTo(ExitCodes.SUCCESS);
  }

  @Test
  void retainedResourcesStayLive() throws Exception {
    harness.commit(
        Definitions.network("gone")
            + """
              - name: precious
                type: test:net/Network
                deletionPolicy: retain
                properties: {cidrBlock: 10.0.0.0/16}
            """);
    harness.run(RunMode.APPLY);

    RunReport report = harness.run(RunMode.DESTROY);

    assertThat(resource(report, "precious").status()).isEqualTo(ResourceStatus.SUCCEEDED);
    assertThat(resource(report, "precious").action()).isEqualTo(Action.NONE);
    assertThat(harness.provider.live).containsOnlyKeys("precious");
    assertThat(harness.provider.count("delete", "precious")).isZero();
  }

  @Test
  void resourcesThatDoNotExistAreFine() throws Exception {
    harness.commit(Definitions.network("made"));
    harness.run(RunMode.APPLY);
    harness.commit(Definitions.network("made") + Definitions.subnetOf("never-made", "made"));

    RunReport report = harness.run(RunMode.DESTROY);

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(resource(report, "never-made").status()).isEqualTo(ResourceStatus.SUCCEEDED);
    assertThat(resource(report, "never-made").action()).isEqualTo(Action.NONE);
    assertThat(resource(report, "made").action()).isEqualTo(Action.DELETE);
    assertThat(harness.provider.live).isEmpty();
    assertThat(harness.provider.count("delete", "never-made")).isZero();
    assertThat(ExitCodes.of(report)).isEqualTo(ExitCodes.SUCCESS);
  }

  @Test
  void destroyAlsoDeletesWhatAlreadyLeftGit() throws Exception {
    harness.commit(Definitions.network("kept") + Definitions.network("left"));
    harness.run(RunMode.APPLY);
    harness.commit("  policy: {prune: false}\n", Definitions.network("kept"));
    harness.run(RunMode.APPLY);

    RunReport report = harness.run(RunMode.DESTROY);

    assertThat(resource(report, "left").action()).isEqualTo(Action.DELETE);
    assertThat(harness.provider.live).isEmpty();
  }

  private void assertDeletedBefore(String dependent, String dependency) {
    assertThat(harness.provider.call("delete", dependent).endedNanos())
        .as("%s deleted before %s", dependent, dependency)
        .isLessThan(harness.provider.call("delete", dependency).startedNanos());
  }
}
