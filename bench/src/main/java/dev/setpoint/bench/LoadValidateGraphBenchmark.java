package dev.setpoint.bench;

import dev.setpoint.orchestrator.graph.DependencyGraph;
import dev.setpoint.orchestrator.load.EnvironmentLoader;
import dev.setpoint.orchestrator.load.LoadResult;
import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code setpoint validate} and the first step of every run cost once the JVM is warm (a
 * controller that reloads a definition at each new commit): reading the environment file and its
 * includes, every validation rule, the model records, and then the dependency graph the workflow
 * walks. Generated definitions of 100, 1,000 and 10,000 resources ({@link GeneratedEnvironment}),
 * held in memory so that neither Git nor the disk is measured.
 *
 * <p>The cold, once-per-process figure the CLI sees is {@link ColdLoadValidateGraphBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
public class LoadValidateGraphBenchmark {

  @Param({"100", "1000", "10000"})
  public int resources;

  private GeneratedEnvironment environment;
  private EnvironmentLoader loader;

  /** Generates the repository and fails loudly, with the first errors, if it does not load. */
  @Setup(Level.Trial)
  public void generateValidEnvironment() {
    environment = GeneratedEnvironment.generate(resources);
    loader = new EnvironmentLoader(SchemaRegistry.load());
    EnvironmentDefinition definition = environment.requireValid(loader);
    System.out.println();
    System.out.println(environment.describe(definition));
  }

  /** Parse, include, validate and build the model records. */
  @Benchmark
  public LoadResult load() {
    return loader.load(environment.tree(), GeneratedEnvironment.ENVIRONMENT_FILE);
  }

  /** {@link #load} and then the dependency graph and its topological layers. */
  @Benchmark
  public DependencyGraph loadAndGraph() {
    LoadResult result = loader.load(environment.tree(), GeneratedEnvironment.ENVIRONMENT_FILE);
    DependencyGraph graph = DependencyGraph.of(result.definition().orElseThrow().resources());
    graph.layers();
    return graph;
  }
}
