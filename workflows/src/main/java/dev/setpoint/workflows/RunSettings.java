package dev.setpoint.workflows;

import java.time.Duration;

/**
 * How a run schedules its steps; the defaults suit real targets, tests shorten them.
 *
 * @param parallelism at most this many resources are worked on at once
 * @param stepTimeout the longest one step may take when the resource sets no {@code timeout}
 * @param heartbeatTimeout how long a step may go without a heartbeat before Temporal retries it on
 *     another worker (activities heartbeat on their own while the provider works)
 * @param defaultTaskQueue the task queue of providers that name none
 * @param partitionSize an environment of more resources runs as slices of at most this many, each
 *     in a child workflow, so that no history or payload grows with the environment
 */
public record RunSettings(
    int parallelism,
    Duration stepTimeout,
    Duration heartbeatTimeout,
    String defaultTaskQueue,
    int partitionSize) {

  public static final String DEFAULT_TASK_QUEUE = "setpoint";

  /**
   * Environments up to this many resources run in one workflow, as they always did. At 500, a
   * slice's result (its report entries and what later slices need of them) measured 219 KB for
   * resources with two small outputs, too close to Temporal's 256 KB payload warning.
   */
  public static final int DEFAULT_PARTITION_SIZE = 250;

  public RunSettings {
    // A request recorded before partitions existed carries none.
    partitionSize = partitionSize < 1 ? DEFAULT_PARTITION_SIZE : partitionSize;
  }

  public RunSettings(
      int parallelism, Duration stepTimeout, Duration heartbeatTimeout, String defaultTaskQueue) {
    this(parallelism, stepTimeout, heartbeatTimeout, defaultTaskQueue, DEFAULT_PARTITION_SIZE);
  }

  public static RunSettings defaults() {
    return new RunSettings(10, Duration.ofMinutes(30), Duration.ofSeconds(30), DEFAULT_TASK_QUEUE);
  }

  /** Whether an environment of this many resources runs as slices, each in a child workflow. */
  public boolean partitioned(int resources) {
    return resources > partitionSize;
  }

  public RunSettings withParallelism(int parallelism) {
    return new RunSettings(
        parallelism, stepTimeout, heartbeatTimeout, defaultTaskQueue, partitionSize);
  }

  public RunSettings withHeartbeatTimeout(Duration heartbeatTimeout) {
    return new RunSettings(
        parallelism, stepTimeout, heartbeatTimeout, defaultTaskQueue, partitionSize);
  }

  public RunSettings withPartitionSize(int partitionSize) {
    return new RunSettings(
        parallelism, stepTimeout, heartbeatTimeout, defaultTaskQueue, partitionSize);
  }
}
