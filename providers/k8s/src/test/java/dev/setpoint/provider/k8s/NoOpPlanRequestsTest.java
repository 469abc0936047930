package dev.setpoint.provider.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.testing.InMemoryTree;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API requests a no-op plan of 100 objects makes, counted by the in-memory API (docs/
 * performance.md records the figure). Objects of one type and namespace are listed at once.
 */
class NoOpPlanRequestsTest extends KubernetesTestSupport {

  static String configMaps(int count) {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < count; i++) {
      yaml.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-")
          .append(i)
          .append("\ndata:\n  index: \"")
          .append(i)
          .append("\"\n");
    }
    return yaml.toString();
  }

  @Test
  void aNoOpPlanOfOneHundredObjectsReadsTheInventoryAndOneListAndWritesNothing() {
    InMemoryTree tree = tree("k8s/maps.yaml", configMaps(100));
    Map<String, Object> properties = props("path", "k8s", "namespace", "app");
    reconcile(spec("maps", properties), tree);
    sandbox.dispatcher().resetCounts();

    Plan plan = plan(spec("maps", properties), tree);

    Map<String, Long> counts = sandbox.dispatcher().requestCounts();
    System.out.println("no-op plan of 100 ConfigMaps: API requests by method " + counts);
    assertThat(plan.action()).isEqualTo(Plan.Action.NONE);
    assertThat(counts).containsOnlyKeys("GET");
    assertThat(counts.get("GET")).isLessThanOrEqualTo(3L);
  }
}
