package dev.setpoint.orchestrator.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.setpoint.orchestrator.model.DeletionPolicy;
import dev.setpoint.orchestrator.model.DriftPolicy;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.model.SourceLocation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {

  private static ResourceSpec spec(String name, String... dependsOn) {
    return spec(name, Map.of(), dependsOn);
  }

  private static ResourceSpec spec(String name, Map<String, Object> properties, String... deps) {
    return new ResourceSpec(
        new ResourceName(name),
        "aws:s3/Bucket",
        properties,
        Arrays.stream(deps).map(ResourceName::new).toList(),
        DriftPolicy.REVERT,
        DeletionPolicy.DELETE,
        false,
        null,
        null,
        false,
        SourceLocation.startOf("environment.yaml"));
  }

  private static List<ResourceName> names(String... names) {
    return Arrays.stream(names).map(ResourceName::new).toList();
  }

  private static List<List<ResourceName>> layers(String[]... layers) {
    return Arrays.stream(layers).map(DependencyGraphTest::names).toList();
  }

  private static ResourceName n(String name) {
    return new ResourceName(name);
  }

  @Test
  void chainIsOneResourcePerLayer() {
    var graph = DependencyGraph.of(List.of(spec("c", "b"), spec("b", "a"), spec("a")));

    assertThat(graph.nodes()).isEqualTo(names("c", "b", "a"));
    assertThat(graph.layers())
        .isEqualTo(layers(new String[] {"a"}, new String[] {"b"}, new String[] {"c"}));
    assertThat(graph.topologicalOrder()).isEqualTo(names("a", "b", "c"));
    assertThat(graph.reverseOrder()).isEqualTo(names("c", "b", "a"));
  }

  @Test
  void diamondKeepsDefinitionOrderInsideLayersAndSets() {
    var graph =
        DependencyGraph.of(
            List.of(
                spec("bottom", "left", "right"),
                spec("right", "top"),
                spec("left", "top"),
                spec("top")));

    assertThat(graph.layers())
        .isEqualTo(
            layers(new String[] {"top"}, new String[] {"right", "left"}, new String[] {"bottom"}));
    assertThat(graph.topologicalOrder()).isEqualTo(names("top", "right", "left", "bottom"));
    assertThat(graph.reverseOrder()).isEqualTo(names("bottom", "left", "right", "top"));
    assertThat(graph.dependencies(n("bottom"))).containsExactly(n("right"), n("left"));
    assertThat(graph.dependents(n("top"))).containsExactly(n("right"), n("left"));
    assertThat(graph.dependencies(n("top"))).isEmpty();
  }

  @Test
  void independentBranchesShareLayersAndLayerFollowsDeepestDependency() {
    var graph =
        DependencyGraph.of(
            List.of(
                spec("vpc"),
                spec("bucket"),
                spec("subnet", "vpc"),
                spec("cdn", "bucket"),
                spec("app", "vpc", "subnet"),
                spec("dns")));

    assertThat(graph.layers())
        .isEqualTo(
            layers(
                new String[] {"vpc", "bucket", "dns"},
                new String[] {"subnet", "cdn"},
                new String[] {"app"}));
  }

  @Test
  void reverseOrderIsTheExactReverseOfTopologicalOrder() {
    var graph =
        DependencyGraph.of(
            List.of(spec("a"), spec("b", "a"), spec("c"), spec("d", "b", "c"), spec("e", "a")));

    List<ResourceName> reversed = new ArrayList<>(graph.topologicalOrder());
    Collections.reverse(reversed);
    assertThat(graph.topologicalOrder()).isEqualTo(names("a", "c", "b", "e", "d"));
    assertThat(graph.reverseOrder()).isEqualTo(reversed);
  }

  @Test
  void explicitAndReferenceEdgesAreBothCountedOnce() {
    var graph =
        DependencyGraph.of(
            List.of(
                spec("bucket"),
                spec("vpc"),
                spec(
                    "web",
                    Map.of(
                        "vpcId", "${vpc.id}",
                        "origin", List.of("${bucket.arn}", "${vpc.cidrBlock}"),
                        "name", "web-${var.region}"),
                    "vpc",
                    "dns",
                    "vpc"),
                spec("dns")));

    assertThat(graph.dependencies(n("web"))).containsExactly(n("bucket"), n("vpc"), n("dns"));
    assertThat(graph.dependents(n("vpc"))).containsExactly(n("web"));
    assertThat(graph.dependents(n("bucket"))).containsExactly(n("web"));
    assertThat(graph.layers())
        .isEqualTo(layers(new String[] {"bucket", "vpc", "dns"}, new String[] {"web"}));
  }

  @Test
  void transitiveDependentsAreWhatAFailureBlocks() {
    var graph =
        DependencyGraph.of(
            List.of(
                spec("vpc"),
                spec("bucket"),
                spec("app", Map.of("subnet", "${subnet.id}")),
                spec("subnet", "vpc"),
                spec("sg", "vpc"),
                spec("cdn", "bucket")));

    assertThat(graph.dependents(n("vpc"))).containsExactly(n("subnet"), n("sg"));
    assertThat(graph.transitiveDependents(n("vpc")))
        .containsExactly(n("app"), n("subnet"), n("sg"));
    assertThat(graph.transitiveDependents(n("app"))).isEmpty();
    assertThat(graph.transitiveDependencies(n("app"))).containsExactly(n("vpc"), n("subnet"));
    assertThat(graph.transitiveDependencies(n("vpc"))).isEmpty();
  }

  @Test
  void threeCycleIsReportedWithItsPath() {
    var resources =
        List.of(
            spec("free"),
            spec("a", "b"),
            spec("b", Map.of("target", "${c.id}")),
            spec("c", "a", "free"));

    var cycle =
        catchThrowableOfType(DependencyCycleException.class, () -> DependencyGraph.of(resources));

    assertThat(cycle).hasMessage("dependency cycle: a -> b -> c -> a");
    assertThat(cycle.cycle()).isEqualTo(names("a", "b", "c", "a"));
  }

  @Test
  void selfDependencyIsACycle() {
    assertThatThrownBy(() -> DependencyGraph.of(List.of(spec("b"), spec("a", "b", "a"))))
        .isInstanceOf(DependencyCycleException.class)
        .hasMessage("dependency cycle: a -> a");
    assertThatThrownBy(() -> DependencyGraph.of(List.of(spec("a", Map.of("me", "${a.id}")))))
        .isInstanceOf(DependencyCycleException.class)
        .hasMessage("dependency cycle: a -> a");
  }

  @Test
  void firstOfSeveralCyclesIsTheOneReported() {
    var resources = List.of(spec("p", "q"), spec("a", "b"), spec("q", "p"), spec("b", "a"));

    assertThatThrownBy(() -> DependencyGraph.of(resources))
        .isInstanceOf(DependencyCycleException.class)
        .hasMessage("dependency cycle: p -> q -> p");
  }

  @Test
  void tenThousandResourceChainNeedsNoRecursion() {
    int n = 10_000;
    List<ResourceSpec> chain = new ArrayList<>();
    chain.add(spec("r0"));
    for (int i = 1; i < n; i++) {
      chain.add(spec("r" + i, Map.of("previous", "${r" + (i - 1) + ".id}")));
    }

    var graph = DependencyGraph.of(chain);

    assertThat(graph.layers()).hasSize(n);
    assertThat(graph.topologicalOrder()).isEqualTo(graph.nodes());
    assertThat(graph.transitiveDependents(n("r0"))).hasSize(n - 1);

    chain.set(0, spec("r0", "r" + (n - 1)));
    var cycle =
        catchThrowableOfType(DependencyCycleException.class, () -> DependencyGraph.of(chain));
    assertThat(cycle.cycle()).hasSize(n + 1).startsWith(n("r0"), n("r" + (n - 1)));
  }

  @Test
  void largeRandomGraphPutsEveryResourceAfterItsDependencies() {
    int n = 10_000;
    Random random = new Random(42);
    List<ResourceSpec> resources = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String[] deps =
          i == 0 ? new String[0] : new String[] {"r" + random.nextInt(i), "r" + random.nextInt(i)};
      resources.add(spec("r" + i, deps));
    }

    var graph = DependencyGraph.of(resources);

    // Collected first and asserted once: ten thousand AssertJ calls take seconds.
    Set<ResourceName> done = new HashSet<>();
    List<ResourceName> tooEarly = new ArrayList<>();
    for (ResourceName name : graph.topologicalOrder()) {
      if (!done.containsAll(graph.dependencies(name))) {
        tooEarly.add(name);
      }
      done.add(name);
    }
    assertThat(tooEarly).isEmpty();
    assertThat(done).hasSize(n);
  }

  @Test
  void unknownDependencyIsAProgrammingError() {
    assertThatThrownBy(() -> DependencyGraph.of(List.of(spec("a", "vpcc"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resource \"a\" depends on unknown resource \"vpcc\"");
    assertThatThrownBy(() -> DependencyGraph.of(List.of(spec("a", Map.of("x", "${vpcc.id}")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resource \"a\" depends on unknown resource \"vpcc\"");
  }

  @Test
  void duplicateNameIsAProgrammingError() {
    assertThatThrownBy(() -> DependencyGraph.of(List.of(spec("a"), spec("a"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resource \"a\" defined twice");
  }

  @Test
  void askingAboutAnUnknownResourceFails() {
    var graph = DependencyGraph.of(List.of(spec("a")));

    assertThatThrownBy(() -> graph.dependents(n("b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no resource \"b\" in the graph");
  }

  @Test
  void returnedCollectionsCannotBeChanged() {
    var graph = DependencyGraph.of(List.of(spec("a"), spec("b", "a")));

    assertThatThrownBy(() -> graph.nodes().add(n("c")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> graph.layers().get(0).add(n("c")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> graph.dependents(n("a")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void emptyDefinitionHasAnEmptyGraph() {
    var graph = DependencyGraph.of(List.of());

    assertThat(graph.nodes()).isEmpty();
    assertThat(graph.layers()).isEmpty();
    assertThat(graph.reverseOrder()).isEmpty();
  }
}
