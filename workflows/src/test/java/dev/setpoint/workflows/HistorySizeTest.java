package dev.setpoint.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history stays small: one coarse activity per resource step keeps an apply under 8 events per
 * resource (DESIGN.md, "Temporal"), so that large environments stay far from the 10,240-event
 * warning.
 */
class HistorySizeTest {

  static final int CHAINS = 10;
  static final int CHAIN_LENGTH = 9;
  static final int INDEPENDENT = 10;
  static final int RESOURCES = CHAINS * CHAIN_LENGTH + INDEPENDENT;

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
  void anApplyOfAHundredResourcesStaysUnderEightEventsPerResource() throws Exception {
    StringBuilder resources = new StringBuilder();
    for (int chain = 0; chain < CHAINS; chain++) {
      resources.append(Definitions.network("chain-" + chain + "-0"));
      for (int link = 1; link < CHAIN_LENGTH; link++) {
        String previous = "chain-" + chain + "-" + (link - 1);
        String name = "chain-" + chain + "-" + link;
        resources.append(
            link % 2 == 0
                ? Definitions.network(name, previous)
                : Definitions.subnetOf(name, previous));
      }
    }
    for (int i = 0; i < INDEPENDENT; i++) {
      resources.append(Definitions.network("alone-" + i));
    }
    harness.commit(resources.toString());

    RunReport report = harness.run(RunMode.APPLY);

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.resources()).hasSize(RESOURCES);
    int events = harness.history(report.workflowId()).getEvents().size();
    double perResource = (double) events / RESOURCES;
    System.out.printf(
        "history of an apply of %d resources: %d events, %.2f per resource%n",
        RESOURCES, events, perResource);
    assertThat(perResource).isLessThan(8.0);
  }
}
