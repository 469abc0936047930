package dev.setpoint.bench;

import dev.setpoint.orchestrator.graph.DependencyGraph;
import dev.setpoint.orchestrator.load.Diagnostic;
import dev.setpoint.orchestrator.load.EnvironmentLoader;
import dev.setpoint.orchestrator.load.LoadResult;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The figure the CLI lives with: {@code setpoint validate} (and the first step of every run) reads
 * the definition once per process, so its code runs cold, in the interpreter and the first JIT
 * tiers, with its classes still to load. Each fork is a fresh JVM that measures exactly one
 * invocation of finding the provider schemas, loading and validating the generated definition, and
 * building its dependency graph and layers.
 *
 * <p>Setup only generates the YAML text; it never calls the loader, which would warm it. So the
 * validity check happens inside the measured call, where it costs one {@code if}: an invalid
 * definition fails the benchmark with its first errors instead of timing the error path.
 *
 * <p>JVM start-up itself (before JMH calls setup) is not in the figure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(10)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class ColdLoadValidateGraphBenchmark {

  @Param({"10000"})
  public int resources;

  private GeneratedEnvironment environment;

  private long threadCpuNanosBefore;
  private long processCpuNanosBefore;

  @Setup(Level.Trial)
  public void generateEnvironment() {
    environment = GeneratedEnvironment.generate(resources);
  }

  /**
   * Notes CPU times just before the measured call: on a shared machine the wall-clock figure
   * includes waiting for a core, and these say how much work the call itself took.
   */
  @Setup(Level.Iteration)
  public void noteCpuTimes() {
    threadCpuNanosBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    processCpuNanosBefore = processCpuNanos();
  }

  /**
   * Prints the CPU time of the measured call: on the benchmark thread alone, and in the whole JVM
   * (adding the JIT compiler and GC threads, which compete with it for two cores).
   */
  @TearDown(Level.Iteration)
  public void printCpuTimes() {
    long thread = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    long process = processCpuNanos();
    System.out.printf(
        "%ncpu: benchmark thread %d ms, whole JVM %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(thread - threadCpuNanosBefore),
        TimeUnit.NANOSECONDS.toMillis(process - processCpuNanosBefore));
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** In a JVM started with its default options. */
  @Benchmark
  public DependencyGraph coldLoadAndGraph() {
    return loadValidateAndGraph();
  }

  /**
   * The same in a JVM that compiles with C1 only and collects with the serial collector: options a
   * short-lived command could be launched with, since on two cores the C2 compiler threads compete
   * with the one thread doing the work. Measured here, so the launcher can be chosen on figures.
   */
  @Benchmark
  @Fork(
      value = 10,
      jvmArgsAppend = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"})
  public DependencyGraph coldLoadAndGraphC1SerialGc() {
    return loadValidateAndGraph();
  }

  private DependencyGraph loadValidateAndGraph() {
    LoadResult result =
        new EnvironmentLoader(SchemaRegistry.load())
            .load(environment.tree(), GeneratedEnvironment.ENVIRONMENT_FILE);
    if (!result.valid()) {
      throw new IllegalStateException(
          "the generated environment of "
              + resources
              + " resources is not valid; the first errors:\n"
              + result.errors().stream()
                  .limit(10)
                  .map(Diagnostic::toString)
                  .collect(Collectors.joining("\n")));
    }
    DependencyGraph graph = DependencyGraph.of(result.definition().orElseThrow().resources());
    graph.layers();
    return graph;
  }
}
