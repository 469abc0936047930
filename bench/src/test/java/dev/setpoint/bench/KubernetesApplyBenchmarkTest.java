package dev.setpoint.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The benchmark at a tiny size: it applies through the handler, through the engine (the workflow on
 * the Temporal test server) and both plain loops against the in-memory API, checks every ConfigMap
 * exists after each (it throws otherwise), and its summary counts the requests it claims. No timing
 * is asserted (figures live in docs/performance.md).
 */
class KubernetesApplyBenchmarkTest {

  @Test
  void aTinyRunAppliesEveryObjectWithOneApplyEachAndOneInventoryWrite() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      KubernetesApplyBenchmark.main(new String[] {"5", "1"});
    } finally {
      System.setOut(original);
    }
    String printed = captured.toString(StandardCharsets.UTF_8);

    assertThat(printed).contains("round 0: setpoint ").contains("5 ConfigMaps, 1 rounds");
    // five server-side applies and the inventory's write; the plain loop's five creates
    assertThat(printed).contains("PATCH=6").contains("POST=5");
    assertThat(printed)
        .containsPattern("per-round ratios setpoint / plain create \\[\\d+\\.\\d\\d]");
    // the same applies through the workflow, with the environment read from its Git commit
    assertThat(printed)
        .containsPattern("through the engine: median \\d+ ms \\(\\{[^}]*PATCH=6[^}]*}\\)")
        .containsPattern("through the engine: .* per-round ratios \\[\\d+\\.\\d\\d]");
  }
}
