package dev.setpoint.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.workflows.controller.ControllerStatus;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idle controller's history grows by a bounded number of events per poll (a timer, the resolve
 * activity and their workflow tasks), so continue-as-new comes after hours, not minutes.
 */
class ControllerHistoryTest {

  static final int POLLS = 20;

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
  void anIdlePollAddsAtMostTwelveEvents() throws Exception {
    String applied =
        controller.harness.commit(
            "  sync: {interval: 1m, driftInterval: 24h}\n", Definitions.network("net"));
    controller.start();
    controller.untilApplied(applied);
    long before = controller.harness.history(controller.workflowId).getEvents().size();

    for (int poll = 0; poll < POLLS; poll++) {
      controller.pass(Duration.ofMinutes(1));
    }
    ControllerStatus status = controller.until(s -> s.running() == null);

    long after = controller.harness.history(controller.workflowId).getEvents().size();
    double perPoll = (double) (after - before) / POLLS;
    System.out.printf(
        "idle controller: %d events over %d polls, %.1f per poll%n",
        after - before, POLLS, perPoll);
    assertThat(status.state().headRevision()).isEqualTo(applied);
    assertThat(perPoll).isGreaterThan(0).isLessThanOrEqualTo(12.0);
  }
}
