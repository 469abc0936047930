package dev.setpoint.orchestrator.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CyclesTest {

  /** Builds a map in the order the pairs are given: name, its targets, name, its targets, ... */
  private static Map<String, List<String>> edges(Object... pairs) {
    Map<String, List<String>> edges = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> targets = (List<String>) pairs[i + 1];
      edges.put((String) pairs[i], targets);
    }
    return edges;
  }

  /** Each step of a reported cycle must be an edge of the graph. */
  private static void assertFollowsEdges(
      List<String> cycle, Map<String, ? extends Collection<String>> edges) {
    assertThat(cycle.get(cycle.size() - 1)).isEqualTo(cycle.get(0));
    for (int i = 0; i + 1 < cycle.size(); i++) {
      assertThat(edges.get(cycle.get(i))).as("edge %s", i).contains(cycle.get(i + 1));
    }
  }

  @Test
  void acyclicGraphHasNoCycles() {
    var graph = edges("a", List.of("b", "c"), "b", List.of("c"), "c", List.of());

    assertThat(Cycles.findCycles(graph)).isEmpty();
  }

  @Test
  void cycleStartsAtItsFirstMemberInIterationOrderAndIsClosed() {
    var graph = edges("x", List.of("a"), "b", List.of("c"), "a", List.of("b"), "c", List.of("a"));

    assertThat(Cycles.findCycles(graph)).containsExactly(List.of("b", "c", "a", "b"));
  }

  @Test
  void separateCyclesAreReportedSeparatelyInOrderOfFirstMember() {
    var graph =
        edges(
            "p", List.of("q"),
            "a", List.of("b"),
            "q", List.of("p"),
            "free", List.of("a", "p"),
            "b", List.of("a"));

    assertThat(Cycles.findCycles(graph))
        .containsExactly(List.of("p", "q", "p"), List.of("a", "b", "a"));
  }

  @Test
  void selfLoopIsACycle() {
    var graph = edges("b", List.of("a"), "a", List.of("a"));

    assertThat(Cycles.findCycles(graph)).containsExactly(List.of("a", "a"));
  }

  @Test
  void oneCyclePerComponentFollowingRealEdges() {
    // One component with two cycles through a: a-b-c-a and a-b-d-c-a; only one is reported.
    var graph =
        edges(
            "a", List.of("b"),
            "b", List.of("d", "c"),
            "c", List.of("a"),
            "d", List.of("c"));

    List<List<String>> cycles = Cycles.findCycles(graph);

    assertThat(cycles).hasSize(1);
    assertFollowsEdges(cycles.get(0), graph);
    assertThat(cycles.get(0)).containsExactly("a", "b", "c", "a");
  }

  @Test
  void edgesToAbsentKeysAreIgnored() {
    var graph = edges("a", List.of("ghost", "b"), "b", List.of("a"), "c", List.of("ghost"));

    assertThat(Cycles.findCycles(graph)).containsExactly(List.of("a", "b", "a"));
  }

  @Test
  void longChainDoesNotOverflowTheStack() {
    int n = 10_000;
    Map<Integer, List<Integer>> chain = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      chain.put(i, i + 1 < n ? List.of(i + 1) : List.of());
    }
    assertThat(Cycles.findCycles(chain)).isEmpty();

    chain.put(n - 1, List.of(0));
    List<List<Integer>> cycles = Cycles.findCycles(chain);

    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      expected.add(i);
    }
    expected.add(0);
    assertThat(cycles).containsExactly(expected);
  }

  @Test
  void formatJoinsWithArrows() {
    assertThat(Cycles.format(List.of("a", "b", "c", "a"))).isEqualTo("a -> b -> c -> a");
  }
}
