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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What leaves Git is deleted after the apply, dependents first by what the provider recorded,
 * unless it was retained or prune is off; plan only says so.
 */
class PruneTest {

  /** Stays in Git, so the test provider is still in use when the others leave. */
  static final String KEEP = Definitions.network("keep");

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
  void resourcesThatLeftGitAreDeletedDependentsFirst() throws Exception {
    harness.commit(KEEP + Definitions.network("base") + Definitions.subnetOf("dependent", "base"));
    harness.run(RunMode.APPLY);
    harness.commit(KEEP);

    RunReport report = harness.run(RunMode.APPLY);

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(resource(report, "base").action()).isEqualTo(Action.DELETE);
    assertThat(resource(report, "dependent").status()).isEqualTo(ResourceStatus.SUCCEEDED);
    assertThat(harness.provider.live).containsOnlyKeys("keep");
    assertThat(harness.provider.call("delete", "dependent").endedNanos())
        .isLessThan(harness.provider.call("delete", "base").startedNanos());
    assertThat(ExitCodes.of(report)).isEqualTo(ExitCodes.SUCCESS);
  }

  @Test
  void theLastResourceOfAProviderNamedInSpecProvidersIsPruned() throws Exception {
    String provider = "  providers:\n    test: {}\n";
    harness.commit(provider, Definitions.network("only"));
    harness.run(RunMode.APPLY);
    harness.commit(provider, "");

    RunReport report = harness.run(RunMode.APPLY);

    assertThat(resource(report, "only").action()).isEqualTo(Action.DELETE);
    assertThat(harness.provider.live).isEmpty();
  }

  @Test
  void aRetainedResourceIsLeftLive() throws Exception {
    harness.commit(
        KEEP
            + """
              - name: precious
                type: test:net/Network
                deletionPolicy: retain
                properties: {cidrBlock: 10.0.0.0/16}
            """);
    harness.run(RunMode.APPLY);
    harness.commit(KEEP);

    RunReport report = harness.run(RunMode.APPLY);

    assertThat(resource(report, "precious").status()).isEqualTo(ResourceStatus.SUCCEEDED);
    assertThat(resource(report, "precious").action()).isEqualTo(Action.NONE);
    assertThat(harness.provider.live).containsKey("precious");
    assertThat(harness.provider.count("delete", "precious")).isZero();
  }

  @Test
  void pruneFalseDeletesNothing() throws Exception {
    String noPrune = "  policy: {prune: false}\n";
    harness.commit(noPrune, KEEP + Definitions.network("gone"));
    harness.run(RunMode.APPLY);
    harness.commit(noPrune, KEEP);

    RunReport report = harness.run(RunMode.APPLY);

    assertThat(report.resources()).extracting(ResourceResult::name).containsExactly("keep");
    assertThat(harness.provider.live).containsOnlyKeys("keep", "gone");
    assertThat(harness.provider.finished("delete")).isEmpty();
  }

  @Test
  void planShowsStaleResourcesAsPendingDeletesWithoutDeleting() throws Exception {
    harness.commit(KEEP + Definitions.network("gone"));
    harness.run(RunMode.APPLY);
    harness.commit(KEEP);

    RunReport report = harness.run(RunMode.PLAN);

    ResourceResult gone = resource(report, "gone");
    assertThat(gone.action()).isEqualTo(Action.DELETE);
    assertThat(gone.status()).isEqualTo(ResourceStatus.PENDING);
    assertThat(harness.provider.live).containsKey("gone");
    assertThat(harness.provider.finished("delete")).isEmpty();
    assertThat(ExitCodes.of(report)).isEqualTo(ExitCodes.CHANGES);
  }

  @Test
  void aFailedDeleteKeepsEverythingItDependsOnTransitively() throws Exception {
    harness.commit(
        KEEP
            + Definitions.network("bottom")
            + Definitions.subnetOf("middle", "bottom")
            + Definitions.network("top", "middle"));
    harness.run(RunMode.APPLY);
    harness.provider.failDelete.put("top", "top is still in use");
    harness.commit(KEEP);

    RunReport report = harness.run(RunMode.APPLY);

    assertThat(resource(report, "top").status()).isEqualTo(ResourceStatus.FAILED);
    assertThat(resource(report, "top").error()).isEqualTo("top is still in use");
    assertThat(resource(report, "middle").status()).isEqualTo(ResourceStatus.SKIPPED);
    assertThat(resource(report, "middle").blockedBy()).isEqualTo(List.of("top"));
    assertThat(resource(report, "bottom").status()).isEqualTo(ResourceStatus.SKIPPED);
    assertThat(resource(report, "bottom").blockedBy()).isEqualTo(List.of("top"));
    assertThat(harness.provider.live).containsKeys("top", "middle", "bottom");
    assertThat(ExitCodes.of(report)).isEqualTo(ExitCodes.ERROR);
  }

  @Test
  void aProviderThatCannotListFailsItsPruneInTheReportNotTheRun() throws Exception {
    harness.commit(KEEP + Definitions.network("gone"));
    harness.run(RunMode.APPLY);
    harness.commit(KEEP);
    harness.provider.failList = "access denied listing networks";

    RunReport report = harness.run(RunMode.APPLY);

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(resource(report, "keep").status()).isEqualTo(ResourceStatus.SUCCEEDED);
    assertThat(resource(report, "(test)").status()).isEqualTo(ResourceStatus.FAILED);
    assertThat(resource(report, "(test)").error())
        .isEqualTo(
            "could not list the resources provider test manages: access denied listing networks");
    assertThat(harness.provider.live).containsKeys("keep", "gone");
    assertThat(ExitCodes.of(report)).isEqualTo(ExitCodes.ERROR);
  }

  @Test
  void recordedDependenciesThatLoopFailThoseResourcesInsteadOfHangingTheRun() throws Exception {
    harness.commit(KEEP + Definitions.network("a") + Definitions.network("b"));
    harness.run(RunMode.APPLY);
    harness.provider.recordDependencies("a", "b");
    harness.provider.recordDependencies("b", "a");
    harness.commit(KEEP);

    RunReport report = harness.run(RunMode.APPLY);

    assertThat(resource(report, "a").status()).isEqualTo(ResourceStatus.FAILED);
    assertThat(resource(report, "a").error()).contains("form a cycle");
    assertThat(resource(report, "b").status()).isEqualTo(ResourceStatus.FAILED);
    assertThat(harness.provider.live).containsKeys("a", "b");
  }
}
