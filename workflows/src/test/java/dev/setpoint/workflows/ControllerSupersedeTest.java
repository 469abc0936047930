package dev.setpoint.workflows;

import static dev.setpoint.workflows.ControllerHarness.applies;
import static dev.setpoint.workflows.WorkflowHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.setpoint.orchestrator.report.ResourceStatus;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import dev.setpoint.workflows.controller.ControllerRun;
import dev.setpoint.workflows.controller.ControllerSettings;
import dev.setpoint.workflows.controller.ControllerStatus;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newer commit does not wait behind a slow run: the run in flight finishes its step in flight and
 * stops, and the newer commit is applied next. Continue-as-new keeps the whole state.
 */
class ControllerSupersedeTest {

  @TempDir Path folder;
  ControllerHarness controller;

  @BeforeEach
  void start() throws Exception {
    controller = new ControllerHarness(folder);
  }

  @AfterEach
  void stop() {
    controller.close();
  }

  @Test
  void aNewerCommitSupersedesASlowRunWhoseStepInFlightCompletes() throws Exception {
    controller.provider().applyDelay.put("slow", Duration.ofSeconds(3));
    String slow =
        controller.commit(Definitions.network("slow") + Definitions.network("after", "slow"));
    controller.start();
    controller.until(s -> s.running() != null);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> controller.provider().live.containsKey("slow"));

    String newer =
        controller.commit(
            Definitions.network("slow")
                + Definitions.network("after", "slow")
                + Definitions.network("fresh"));
    controller.controller.sync();
    ControllerStatus status = controller.untilApplied(newer);

    ControllerRun superseded = applies(status).get(1);
    assertThat(superseded.revision()).isEqualTo(slow);
    assertThat(superseded.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(superseded.message()).isEqualTo("superseded by " + newer.substring(0, 7));
    assertThat(superseded.runId()).isNotNull();
    RunReport old =
        controller
            .harness
            .temporal
            .getWorkflowClient()
            .newUntypedWorkflowStub(
                superseded.workflowId(), Optional.of(superseded.runId()), Optional.empty())
            .query("progress", RunReport.class);
    assertThat(old.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(resource(old, "slow").status()).isEqualTo(ResourceStatus.SUCCEEDED);
    assertThat(resource(old, "after").status()).isEqualTo(ResourceStatus.SKIPPED);
    assertThat(controller.provider().count("apply", "slow")).isEqualTo(1);
    assertThat(controller.provider().count("apply", "after")).isEqualTo(1);
    assertThat(controller.provider().live).containsKeys("slow", "after", "fresh");
    assertThat(status.state().lastAttempt().status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  /**
   * A newer commit is loaded and validated before it may supersede: an invalid one leaves the run
   * in flight to complete, and the next valid commit supersedes a run as before.
   */
  @Test
  void anInvalidCommitDoesNotCancelTheRunInFlightAndAValidOneStillSupersedes() throws Exception {
    controller.provider().applyDelay.put("slow", Duration.ofSeconds(3));
    String good =
        controller.commit(Definitions.network("slow") + Definitions.network("after", "slow"));
    controller.start();
    controller.until(s -> s.running() != null);

    String invalid =
        controller.commit("  - name: net\n    type: test:net/NoSuchType\n    properties: {}\n");
    controller.controller.sync();
    ControllerStatus refusedDuringRun =
        controller.until(s -> s.state().lastAttempt() != null && s.state().lastAttempt().refused());
    assertThat(refusedDuringRun.state().lastAttempt().revision()).isEqualTo(invalid);
    assertThat(refusedDuringRun.running()).isNotNull();
    assertThat(refusedDuringRun.running().revision()).isEqualTo(good);
    assertThat(refusedDuringRun.blocked())
        .anySatisfy(line -> assertThat(line).contains(invalid.substring(0, 7) + " is refused"));

    ControllerStatus completed = controller.untilApplied(good);
    assertThat(applies(completed).get(0).revision()).isEqualTo(good);
    assertThat(applies(completed).get(0).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(controller.provider().live).containsKeys("slow", "after");
    assertThat(completed.state().lastAttempt().revision()).isEqualTo(invalid);

    controller.provider().applyDelay.put("slow2", Duration.ofSeconds(8));
    String slowValid =
        controller.commit(
            Definitions.network("slow")
                + Definitions.network("after", "slow")
                + Definitions.network("slow2")
                + Definitions.network("after2", "slow2"));
    controller.pass(Duration.ofMinutes(1));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> controller.provider().live.containsKey("slow2"));
    String newest =
        controller.commit(
            Definitions.network("slow")
                + Definitions.network("after", "slow")
                + Definitions.network("slow2")
                + Definitions.network("fresh"));
    controller.controller.sync();
    ControllerStatus superseded = controller.untilApplied(newest);

    ControllerRun cancelled =
        applies(superseded).stream()
            .filter(run -> slowValid.equals(run.revision()))
            .findFirst()
            .orElseThrow();
    assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(cancelled.message()).isEqualTo("superseded by " + newest.substring(0, 7));
    assertThat(controller.provider().live).containsKey("fresh").doesNotContainKey("after2");
  }

  @Test
  void continueAsNewKeepsTheState() throws Exception {
    String applied = controller.commit(Definitions.network("net"));
    controller.start(new ControllerSettings(RunSettings.defaults(), 2));
    controller.untilApplied(applied);
    WorkflowStub stub = controller.stub();
    String firstRun = stub.describe().getExecution().getRunId();
    controller.controller.suspend();

    controller.pass(Duration.ofMinutes(3));
    ControllerStatus status = controller.until(s -> s.state().suspended());

    var description = controller.stub().describe();
    assertThat(description.getExecution().getRunId()).isNotEqualTo(firstRun);
    assertThat(status.state().lastAppliedRevision()).isEqualTo(applied);
    assertThat(status.state().resources()).extracting(r -> r.name()).containsExactly("net");
    assertThat(applies(status)).hasSize(1);
    assertThat(description.getMemo("path", String.class)).isEqualTo("envs/dev");
    assertThat(description.getTypedSearchAttributes().get(RunSearchAttributes.REVISION))
        .isEqualTo(applied);
    assertThat(controller.provider().count("apply", "net")).isEqualTo(1);
  }
}
