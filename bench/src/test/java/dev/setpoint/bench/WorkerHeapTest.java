package dev.setpoint.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Keeps the memory benchmark's figures coherent at a tiny size; the figures themselves are taken by
 * bench/scripts/startup.sh with {@code -Xmx512m} and live in docs/performance.md.
 */
class WorkerHeapTest {

  @Test
  void aWorkerAppliesEveryResourceThenFindsThemInSyncAndReportsItsHeap() throws Exception {
    WorkerHeap.Result result = WorkerHeap.measure(20, null);

    assertThat(result.completed()).as(result.line()).isTrue();
    assertThat(result.resources()).isEqualTo(20);
    assertThat(result.separateServer()).isFalse();
    assertThat(result.peakHeapBytes()).isPositive();
    assertThat(result.retainedBytes()).isPositive().isLessThanOrEqualTo(result.peakHeapBytes());
    assertThat(result.maxHeapBytes()).isPositive();
    assertThat(result.line())
        .startsWith("worker heap: resources=20 completed=true server=in-process peakHeapMiB=");
  }
}
