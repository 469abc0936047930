package dev.setpoint.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.setpoint.orchestrator.graph.DependencyGraph;
import dev.setpoint.orchestrator.load.EnvironmentLoader;
import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the benchmark's input honest: every generated size loads as a valid definition of exactly
 * that many resources with about two dependency edges each. No timing here: figures live in
 * docs/performance.md.
 */
class GeneratedEnvironmentTest {

  private final EnvironmentLoader loader = new EnvironmentLoader(SchemaRegistry.load());

  @ParameterizedTest
  @ValueSource(ints = {13, 14, 25, 100, 1000})
  void everySizeLoadsAsAValidDefinitionOfExactlyThatManyResources(int resources) {
    GeneratedEnvironment environment = GeneratedEnvironment.generate(resources);

    EnvironmentDefinition definition = environment.requireValid(loader);

    assertThat(definition.resources()).hasSize(resources);
  }

  @Test
  void resourcesHaveAboutTwoDependencyEdgesEachOverAFewLayers() {
    EnvironmentDefinition definition = GeneratedEnvironment.generate(1000).requireValid(loader);
    DependencyGraph graph = DependencyGraph.of(definition.resources());

    long edges = 0;
    for (ResourceName name : graph.nodes()) {
      edges += graph.dependencies(name).size();
    }

    assertThat((double) edges / definition.resources().size()).isBetween(1.8, 2.2);
    assertThat(graph.layers()).hasSizeBetween(3, 6);
  }

  @Test
  void spreadsResourcesOverTheEnvironmentFileAndItsIncludes() {
    EnvironmentDefinition definition = GeneratedEnvironment.generate(1000).requireValid(loader);

    Map<String, Integer> perFile = new HashMap<>();
    definition.resources().forEach(r -> perFile.merge(r.location().path(), 1, Integer::sum));

    assertThat(perFile).hasSize(GeneratedEnvironment.DEFAULT_STACK_FILES + 1);
    assertThat(perFile.values()).allSatisfy(count -> assertThat(count).isGreaterThan(50));
  }

  @Test
  void anInvalidTreeFailsLoudlyWithItsFirstErrors() {
    GeneratedEnvironment environment = GeneratedEnvironment.generate(100);
    InMemorySourceTree broken =
        new InMemorySourceTree(
            Map.of(
                GeneratedEnvironment.ENVIRONMENT_FILE,
                environment.tree().read(GeneratedEnvironment.ENVIRONMENT_FILE)));

    assertThatThrownBy(() -> GeneratedEnvironment.requireValid(loader, broken, 100))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not valid")
        .hasMessageContaining("stacks/cells-00.yaml");
  }

  @Test
  void refusesSizesTooSmallForOneCellAndTheSharedResources() {
    assertThatThrownBy(() -> GeneratedEnvironment.generate(12))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
