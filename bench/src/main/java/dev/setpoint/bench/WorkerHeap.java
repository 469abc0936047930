package dev.setpoint.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ProviderRegistry;
import dev.setpoint.orchestrator.report.ResourceResult;
import dev.setpoint.orchestrator.report.ResourceStatus;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import dev.setpoint.workflows.EnvironmentSource;
import dev.setpoint.workflows.ReconcileRequest;
import dev.setpoint.workflows.RunSettings;
import dev.setpoint.workflows.SetpointWorkers;
import dev.setpoint.workflows.TemporalConnection;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * How much heap a worker takes to reconcile N resources: the workers of {@code setpoint worker}
 * ({@link SetpointWorkers}: the workflow, the source and resource activities) apply N resources of
 * an instant in-memory provider, then apply them again finding them in sync, while this JVM records
 * its heap. Run it with the heap limit under test ({@code -Xmx512m}); with a Temporal address the
 * server is another process and the figures are the worker's alone, without one the in-process test
 * server's histories are in them too.
 *
 * <p>Run: {@code java -Xmx512m -XX:+ExitOnOutOfMemoryError -cp bench/target/benchmarks.jar
 * dev.setpoint.bench.WorkerHeap 1000 [HOST:PORT]}
 */
public final class WorkerHeap {

  private static final long MIB = 1024 * 1024;

  private WorkerHeap() {}

  /**
   * What one run measured.
   *
   * @param completed both runs succeeded: every resource created, then every one found in sync
   * @param peakHeapBytes the sum over the heap pools of each pool's peak use since the start:
   *     garbage included, and an upper bound, since the pools need not peak at once
   * @param peakAfterGcBytes the most heap any collection left in use: the live set at its largest
   * @param retainedBytes heap in use after a full collection at the end, workers still running
   * @param maxHeapBytes the limit the JVM ran with ({@code -Xmx})
   */
  public record Result(
      int resources,
      boolean completed,
      boolean separateServer,
      long peakHeapBytes,
      long peakAfterGcBytes,
      long retainedBytes,
      long maxHeapBytes,
      long collections,
      long applyMillis,
      long noopMillis) {

    /** One line that bench/scripts/startup.sh parses: {@code key=value} pairs, MiB for sizes. */
    public String line() {
      return String.format(
          "worker heap: resources=%d completed=%s server=%s peakHeapMiB=%d peakAfterGcMiB=%d"
              + " retainedMiB=%d maxHeapMiB=%d collections=%d applyMs=%d noopApplyMs=%d",
          resources,
          completed,
          separateServer ? "separate" : "in-process",
          peakHeapBytes / MIB,
          peakAfterGcBytes / MIB,
          retainedBytes / MIB,
          maxHeapBytes / MIB,
          collections,
          applyMillis,
          noopMillis);
    }
  }

  public static void main(String[] args) throws Exception {
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Result result = measure(size, args.length > 1 ? args[1] : null);
    System.out.println(result.line());
    System.exit(result.completed() ? 0 : 1);
  }

  /**
   * Applies {@code size} resources twice through a worker of this process.
   *
   * @param temporalAddress host:port of a Temporal server, or null for one in this process
   */
  public static Result measure(int size, String temporalAddress) throws Exception {
    Path folder = Files.createTempDirectory("setpoint-worker-heap");
    try {
      Path repository = folder.resolve("repo");
      OrchestrationOverhead.writeRepository(repository, size);
      HeapWatch heap = HeapWatch.start();
      try (TemporalClient temporal = TemporalClient.of(temporalAddress);
          SetpointWorkers workers =
              SetpointWorkers.start(
                  temporal.client(),
                  ProviderRegistry.of(new OrchestrationOverhead.InstantProvider()),
                  SchemaRegistry.of(new OrchestrationOverhead.InstantSchema()),
                  folder.resolve("home"),
                  RunSettings.DEFAULT_TASK_QUEUE,
                  Set.of())) {
        ReconcileRequest request =
            new ReconcileRequest(
                new EnvironmentSource(repository.toString(), false, "env", null, null),
                RunMode.APPLY,
                false,
                RunSettings.defaults());
        String id = "worker-heap-" + System.nanoTime();
        long started = System.nanoTime();
        RunReport created = OrchestrationOverhead.stub(temporal.client(), id).reconcile(request);
        long applyNanos = System.nanoTime() - started;
        started = System.nanoTime();
        RunReport again =
            OrchestrationOverhead.stub(temporal.client(), id + "-again").reconcile(request);
        long noopNanos = System.nanoTime() - started;
        boolean completed =
            allSucceeded(created, size, Plan.Action.CREATE)
                && allSucceeded(again, size, Plan.Action.NONE);
        return heap.result(
            size,
            completed,
            temporalAddress != null,
            applyNanos / 1_000_000,
            noopNanos / 1_000_000);
      }
    } finally {
      try (Stream<Path> paths = Files.walk(folder)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static boolean allSucceeded(RunReport report, int size, Plan.Action action) {
    List<ResourceResult> results = report.resources();
    return report.status() == RunStatus.SUCCEEDED
        && results.size() == size
        && results.stream()
            .allMatch(r -> r.status() == ResourceStatus.SUCCEEDED && r.action() == action);
  }

  /** A Temporal client: of the server at an address, or of a test server in this process. */
  private record TemporalClient(WorkflowClient client, AutoCloseable owner)
      implements AutoCloseable {

    static TemporalClient of(String address) {
      if (address == null) {
        TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance();
        return new TemporalClient(environment.getWorkflowClient(), environment::close);
      }
      TemporalConnection connection = TemporalConnection.connect(address, "default");
      connection.registerSearchAttributes(); // as the CLI does before its first run
      return new TemporalClient(connection.client(), connection);
    }

    @Override
    public void close() throws Exception {
      owner.close();
    }
  }

  /**
   * The heap pools' peaks, reset when it starts, and the largest heap any collection left behind,
   * from the collectors' notifications.
   */
  private static final class HeapWatch {
    private final List<MemoryPoolMXBean> pools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .toList();
    private final Set<String> poolNames =
        Set.copyOf(pools.stream().map(MemoryPoolMXBean::getName).toList());
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();

    static HeapWatch start() {
      HeapWatch watch = new HeapWatch();
      watch.pools.forEach(MemoryPoolMXBean::resetPeakUsage);
      for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) collector)
            .addNotificationListener(
                (notification, handback) -> {
                  if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                      notification.getType())) {
                    watch.collected(
                        GarbageCollectionNotificationInfo.from(
                            (CompositeData) notification.getUserData()));
                  }
                },
                null,
                null);
      }
      return watch;
    }

    private void collected(GarbageCollectionNotificationInfo info) {
      collections.incrementAndGet();
      long inUse = 0;
      for (Map.Entry<String, MemoryUsage> pool :
          info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
        if (poolNames.contains(pool.getKey())) {
          inUse += pool.getValue().getUsed();
        }
      }
      peakAfterGc.accumulateAndGet(inUse, Math::max);
    }

    Result result(
        int resources, boolean completed, boolean separateServer, long applyMs, long noopMs)
        throws InterruptedException {
      long peak = pools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
      System.gc();
      long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      Thread.sleep(200); // the collectors' notifications arrive on another thread
      return new Result(
          resources,
          completed,
          separateServer,
          peak,
          peakAfterGc.get(),
          retained,
          Runtime.getRuntime().maxMemory(),
          collections.get(),
          applyMs,
          noopMs);
    }
  }
}
