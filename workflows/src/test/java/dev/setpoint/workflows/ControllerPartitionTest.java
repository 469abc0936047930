package dev.setpoint.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.workflows.controller.ControllerSettings;
import dev.setpoint.workflows.controller.ControllerStatus;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller over an environment larger than the partition size: its runs go through slices, and
 * the definition it reads for its own settings comes without the resources, so that the
 * controller's history does not grow with the environment either.
 */
class ControllerPartitionTest {

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
  void aLargeEnvironmentIsAppliedInSlicesAndItsResourcesStayOutOfTheControllersHistory()
      throws Exception {
    List<String> names = IntStream.range(0, 5).mapToObj(i -> "net-" + i).toList();
    String head =
        controller.commit(String.join("", names.stream().map(Definitions::network).toList()));
    controller.start(new ControllerSettings(RunSettings.defaults().withPartitionSize(2), 0));
    ControllerStatus status = controller.untilApplied(head);

    assertThat(controller.provider().live).containsKeys(names.toArray(String[]::new));
    assertThat(status.blocked()).isEmpty();
    WorkflowExecutionHistory history =
        controller.harness.temporal.getWorkflowClient().fetchHistory(controller.workflowId);
    List<String> loadResults =
        history.getEvents().stream()
            .filter(HistoryEvent::hasActivityTaskCompletedEventAttributes)
            .flatMap(
                e ->
                    e
                        .getActivityTaskCompletedEventAttributes()
                        .getResult()
                        .getPayloadsList()
                        .stream())
            .map(Payload::getData)
            .map(data -> data.toString(StandardCharsets.UTF_8))
            .filter(json -> json.contains("\"partitions\""))
            .toList();
    assertThat(loadResults).isNotEmpty().noneMatch(json -> json.contains("net-3"));
  }
}
