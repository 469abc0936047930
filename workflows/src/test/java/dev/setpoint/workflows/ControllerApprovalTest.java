package dev.setpoint.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import dev.setpoint.workflows.controller.ControllerRun;
import dev.setpoint.workflows.controller.ControllerStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newer commit invalidates a plan that waits for approval: the controller cancels the waiting
 * run, which applies nothing, and the newer commit's plan waits with its own hash.
 */
class ControllerApprovalTest {

  static final String SPEC = ControllerHarness.SYNC + ApprovalGateTest.APPROVAL;

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

  /** The apply the controller started, as {@code setpoint approve} finds it. */
  private WorkflowStub apply() {
    return controller
        .harness
        .temporal
        .getWorkflowClient()
        .newUntypedWorkflowStub("setpoint-dev-apply");
  }

  private PendingApproval waitingOtherThan(String hash) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> apply().query("pendingApproval", PendingApproval.class),
            p -> p != null && !p.planHash().equals(hash));
  }

  @Test
  void aNewerCommitCancelsTheWaitingPlanAndItsOwnPlanWaits() throws Exception {
    String first = controller.harness.commit(SPEC, Definitions.network("net"));
    controller.start();
    PendingApproval firstPlan = waitingOtherThan(null);
    assertThat(firstPlan.plan().revision()).isEqualTo(first);

    String newer =
        controller.harness.commit(SPEC, Definitions.network("net") + Definitions.network("fresh"));
    controller.controller.sync();
    PendingApproval newerPlan = waitingOtherThan(firstPlan.planHash());

    assertThat(newerPlan.plan().revision()).isEqualTo(newer);
    assertThat(controller.provider().live).isEmpty();
    // The superseded run is in recentRuns once it has ended; the newer one is the run in flight.
    ControllerStatus status =
        controller.until(
            s -> s.state().recentRuns().stream().anyMatch(run -> first.equals(run.revision())));
    ControllerRun superseded =
        ControllerHarness.applies(status).stream()
            .filter(run -> first.equals(run.revision()))
            .findFirst()
            .orElseThrow();
    assertThat(superseded.status()).isEqualTo(RunStatus.CANCELLED);
    RunReport old =
        controller
            .harness
            .temporal
            .getWorkflowClient()
            .newUntypedWorkflowStub(
                superseded.workflowId(), Optional.of(superseded.runId()), Optional.empty())
            .query("progress", RunReport.class);
    assertThat(old.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(controller.provider().count("apply", "net")).isZero();

    apply().update("approve", String.class, newerPlan.planHash());
    controller.untilApplied(newer);

    assertThat(controller.provider().live).containsKeys("net", "fresh");
  }

  /**
   * An apply that waits long for approval keeps the controller from continuing as new, so after an
   * hour in flight it polls every quarter of an hour instead of every minute; a newer commit still
   * supersedes the waiting plan at the next of those polls.
   */
  @Test
  void aLongApprovalWaitSlowsPollsSoTheHistoryGrowsSlowly() throws Exception {
    controller.harness.commit(SPEC, Definitions.network("net"));
    controller.start();
    PendingApproval firstPlan = waitingOtherThan(null);
    long before = resolves();

    controller.pass(Duration.ofHours(3));
    ControllerStatus waiting =
        controller.until(s -> s.running() != null && s.state().nextPollAt() != null);

    long polls = resolves() - before;
    System.out.printf(
        "controller waiting 3h on approval: %d polls, %d history events%n",
        polls, controller.harness.history(controller.workflowId).getEvents().size());
    // 61 polls in the first hour and one past it, then one every 15 minutes: 68, not 180.
    assertThat(polls).isBetween(61L, 75L);
    assertThat(waiting.running().status()).isEqualTo(RunStatus.RUNNING);
    String newer =
        controller.harness.commit(SPEC, Definitions.network("net") + Definitions.network("fresh"));
    controller.pass(Duration.ofMinutes(15));
    PendingApproval newerPlan = waitingOtherThan(firstPlan.planHash());
    assertThat(newerPlan.plan().revision()).isEqualTo(newer);

    // Approved after two more hours, the run ends and polls go back to sync.interval.
    controller.pass(Duration.ofHours(2));
    apply().update("approve", String.class, newerPlan.planHash());
    ControllerStatus applied = controller.untilApplied(newer);
    Instant now = Instant.ofEpochMilli(controller.harness.temporal.currentTimeMillis());
    assertThat(applied.state().nextPollAt()).isBeforeOrEqualTo(now.plus(Duration.ofMinutes(1)));
  }

  /** How many times the controller has read its branch head. */
  private long resolves() {
    return controller.harness.history(controller.workflowId).getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .filter(
            e ->
                e.getActivityTaskScheduledEventAttributes()
                    .getActivityType()
                    .getName()
                    .equals("SourceResolve"))
        .count();
  }
}
