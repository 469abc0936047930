package dev.setpoint.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.workflows.controller.ControllerStatus;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rollback pins the controller at an older commit until resume; then it follows the head. */
class ControllerPinTest {

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
  void aPinAppliesTheOlderCommitAndHoldsTheHeadUntilResume() throws Exception {
    String first = controller.commit(Definitions.network("net"));
    controller.start();
    controller.untilApplied(first);
    String second = controller.commit(Definitions.network("net") + Definitions.network("more"));
    controller.pass(Duration.ofMinutes(1));
    controller.untilApplied(second);
    assertThat(controller.provider().live).containsKeys("net", "more");

    controller.controller.pin(first);
    ControllerStatus pinned = controller.untilApplied(first);

    assertThat(controller.provider().live).containsKey("net").doesNotContainKey("more");
    assertThat(pinned.state().pinnedRevision()).isEqualTo(first);
    assertThat(pinned.blocked())
        .anySatisfy(line -> assertThat(line).contains("pinned at " + first.substring(0, 7)));

    controller.pass(Duration.ofMinutes(3));
    ControllerStatus stillPinned = controller.controller.status();
    assertThat(stillPinned.state().lastAppliedRevision()).isEqualTo(first);
    assertThat(controller.provider().live).doesNotContainKey("more");

    controller.controller.resume();
    ControllerStatus resumed = controller.untilApplied(second);
    assertThat(resumed.state().pinnedRevision()).isNull();
    assertThat(controller.provider().live).containsKeys("net", "more");
  }
}
