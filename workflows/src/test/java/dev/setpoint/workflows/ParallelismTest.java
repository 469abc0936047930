package dev.setpoint.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Independent resources run side by side, never more at once than the parallelism bound. */
class ParallelismTest {

  static final int INDEPENDENT = 6;

  @TempDir Path folder;
  WorkflowHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = new WorkflowHarness(folder);
    harness.commit(
        IntStream.rangeClosed(1, INDEPENDENT)
            .mapToObj(i -> Definitions.network("net-" + i))
            .collect(Collectors.joining()));
    for (int i = 1; i <= INDEPENDENT; i++) {
      harness.provider.applyDelay.put("net-" + i, Duration.ofMillis(500));
    }
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void independentResourcesRunConcurrently() {
    RunReport report = harness.run(RunMode.APPLY);

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(harness.provider.maxConcurrent.get()).isGreaterThan(1);
  }

  @Test
  void neverMoreAtOnceThanTheParallelismSetting() {
    RunReport report = harness.run(RunMode.APPLY, RunSettings.defaults().withParallelism(2));

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(harness.provider.maxConcurrent.get()).isEqualTo(2);
    assertThat(harness.provider.live).hasSize(INDEPENDENT);
  }
}
