package dev.setpoint.workflows;

import static dev.setpoint.workflows.WorkflowHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.setpoint.orchestrator.report.ResourceResult;
import dev.setpoint.orchestrator.report.ResourceStatus;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An environment larger than one partition runs as slices in child workflows: same results as one
 * workflow, outputs and failures crossing slices, and every history and payload bounded by the
 * partition size, not the environment's.
 */
class PartitionTest {

  static final int PARTITION = 5;

  /**
   * Slices of five in topological order: r0..r4 | r5 s0 s1 s2 s3 | s5 t0 t5. The subnets of slice 1
   * reference networks of slice 0; s5 and t5 of slice 2 wait on r5 of slice 1.
   */
  static final String THIRTEEN =
      Definitions.network("r0")
          + Definitions.network("r1")
          + Definitions.network("r2")
          + Definitions.network("r3")
          + Definitions.network("r4")
          + Definitions.network("r5")
          + Definitions.subnetOf("s0", "r0")
          + Definitions.subnetOf("s1", "r1")
          + Definitions.subnetOf("s2", "r2")
          + Definitions.subnetOf("s3", "r3")
          + Definitions.subnetOf("s5", "r5")
          + Definitions.network("t0", "s0")
          + Definitions.network("t5", "s5");

  @TempDir Path folder;

  @Test
  void slicesGiveTheSameResultsAsOneWorkflowAcrossSlices() throws Exception {
    List<Tuple> whole;
    try (WorkflowHarness harness = new WorkflowHarness(folder.resolve("whole"))) {
      harness.commit(THIRTEEN);
      harness.provider.failInvalid.put("r5", "r5 is broken");
      RunReport report = harness.run(RunMode.APPLY);
      assertThat(
              harness
                  .temporal
                  .getWorkflowClient()
                  .newWorkflowStub(ReconcileEnvironment.class, report.workflowId())
                  .partitions())
          .isEmpty();
      whole = outcomes(report);
    }
    try (WorkflowHarness harness = new WorkflowHarness(folder.resolve("sliced"))) {
      harness.commit(THIRTEEN);
      harness.provider.failInvalid.put("r5", "r5 is broken");
      WorkflowStub run =
          harness.start(RunMode.APPLY, RunSettings.defaults().withPartitionSize(PARTITION));
      RunReport result = run.getResult(RunReport.class);
      String parent = run.getExecution().getWorkflowId();

      assertThat(result.status()).isEqualTo(RunStatus.FAILED);
      assertThat(result.resources()).extracting(ResourceResult::name).containsExactly("r5");
      assertThat(partitions(run))
          .containsExactly(parent + "/part-0", parent + "/part-1", parent + "/part-2");
      RunReport full = run.query("progress", RunReport.class);
      assertThat(outcomes(full)).containsExactlyInAnyOrderElementsOf(whole);
      assertThat(resource(full, "t5").blockedBy()).containsExactly("r5");
      assertThat(resource(full, "s5").blockedBy()).containsExactly("r5");
      assertThat(resource(full, "t0").status()).isEqualTo(ResourceStatus.SUCCEEDED);
      // the reference crossed from slice 0 to slice 1 through the parent
      assertThat(harness.provider.live.get("s0").properties())
          .containsEntry("networkId", harness.provider.live.get("r0").id());
    }
  }

  @Test
  void aDestroyDeletesSlicesInReverseOrder() throws Exception {
    try (WorkflowHarness harness = new WorkflowHarness(folder)) {
      harness.commit(THIRTEEN);
      RunSettings sliced = RunSettings.defaults().withPartitionSize(PARTITION);
      assertThat(harness.run(RunMode.APPLY, sliced).status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(harness.provider.live).hasSize(13);

      RunReport report = harness.run(RunMode.DESTROY, sliced);

      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(harness.provider.live).isEmpty();
      List<String> deleted = harness.provider.finished("delete");
      assertThat(deleted).hasSize(13);
      assertThat(deleted.indexOf("t0")).isLessThan(deleted.indexOf("s0"));
      assertThat(deleted.indexOf("s0")).isLessThan(deleted.indexOf("r0"));
      assertThat(deleted.indexOf("t5")).isLessThan(deleted.indexOf("r5"));
    }
  }

  @Test
  void aCancelledRunStopsItsSlicesAndStillReportsWhatTheyDid() throws Exception {
    try (WorkflowHarness harness = new WorkflowHarness(folder)) {
      harness.commit(THIRTEEN);
      harness.provider.applyDelay.put("r0", Duration.ofSeconds(2));
      // one step at a time, so that slice 0 still has steps to start when the stop arrives
      WorkflowStub run =
          harness.start(
              RunMode.APPLY,
              RunSettings.defaults().withParallelism(1).withPartitionSize(PARTITION));
      await().atMost(Duration.ofSeconds(30)).until(() -> harness.provider.live.containsKey("r0"));

      run.cancel();

      assertThatThrownBy(() -> run.getResult(RunReport.class))
          .isInstanceOf(WorkflowFailedException.class)
          .hasCauseInstanceOf(CanceledFailure.class);
      RunReport report = run.query("progress", RunReport.class);
      assertThat(report.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(resource(report, "r0").status()).isEqualTo(ResourceStatus.SUCCEEDED);
      assertThat(resource(report, "r4").error()).isEqualTo(Results.NOT_STARTED);
      assertThat(resource(report, "(part-1)").error()).isEqualTo(Results.NOT_STARTED);
      assertThat(resource(report, "(part-2)").error()).isEqualTo(Results.NOT_STARTED);
      assertThat(harness.provider.live).containsOnlyKeys("r0");
    }
  }

  @Test
  void aPartitionedApplyRefusesTheApprovalGateInOneLine() throws Exception {
    try (WorkflowHarness harness = new WorkflowHarness(folder)) {
      harness.commit(ApprovalGateTest.APPROVAL, THIRTEEN);

      assertThatThrownBy(
              () -> harness.run(RunMode.APPLY, RunSettings.defaults().withPartitionSize(PARTITION)))
          .isInstanceOf(WorkflowFailedException.class)
          .rootCause()
          .hasMessageContaining("has 13 resources, more than one partition (5)")
          .hasMessageContaining("policy.approval: required is not supported for partitioned runs");
      assertThat(harness.provider.live).isEmpty();
    }
  }

  @Test
  void everyHistoryAndPayloadStaysBoundedByThePartitionSize() throws Exception {
    int chains = 60;
    int length = 10;
    int partition = 100;
    StringBuilder resources = new StringBuilder();
    for (int chain = 0; chain < chains; chain++) {
      resources.append(Definitions.network("c" + chain + "-0"));
      for (int link = 1; link < length; link++) {
        resources.append(
            Definitions.subnetOf("c" + chain + "-" + link, "c" + chain + "-" + (link - 1)));
      }
    }
    try (WorkflowHarness harness = new WorkflowHarness(folder)) {
      harness.commit(resources.toString());
      WorkflowStub run =
          harness.start(RunMode.APPLY, RunSettings.defaults().withPartitionSize(partition));
      RunReport result = run.getResult(RunReport.class);
      assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);

      List<String> workflows = new ArrayList<>(partitions(run));
      assertThat(workflows).hasSize(chains * length / partition);
      workflows.add(run.getExecution().getWorkflowId());
      HistorySizes.Totals histories =
          HistorySizes.of(harness.temporal.getWorkflowClient(), workflows);
      int events = histories.events();
      int largestHistory = histories.largestHistory();
      int largestPayload = histories.largestPayload();
      int total = chains * length;
      System.out.printf(
          "%d resources in slices of %d: %d events (%.2f per resource), largest history %d,"
              + " largest payload %d bytes%n",
          total, partition, events, (double) events / total, largestHistory, largestPayload);
      assertThat((double) events / total).isLessThan(8.0);
      // bounded by a slice, not the environment: well under what one workflow of 600 would hold
      assertThat(largestHistory).isLessThan(8 * partition);
      assertThat(largestPayload).isLessThan(HistorySizes.PAYLOAD_WARNING / 4);
      assertThat(run.query("progress", RunReport.class).resources()).hasSize(total);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> partitions(WorkflowStub run) {
    return run.query("partitions", List.class);
  }

  private static List<Tuple> outcomes(RunReport report) {
    return report.resources().stream()
        .map(
            r ->
                tuple(
                    r.name(),
                    r.type(),
                    r.action(),
                    r.status(),
                    r.error(),
                    r.blockedBy(),
                    r.outputs().values().keySet()))
        .toList();
  }
}
