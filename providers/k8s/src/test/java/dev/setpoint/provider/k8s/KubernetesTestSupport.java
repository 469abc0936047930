package dev.setpoint.provider.k8s;

import dev.setpoint.orchestrator.git.SourceTree;
import dev.setpoint.orchestrator.model.DeletionPolicy;
import dev.setpoint.orchestrator.model.DriftPolicy;
import dev.setpoint.orchestrator.model.ProviderSettings;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.model.SourceLocation;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.testing.InMemoryTree;
import dev.setpoint.sandbox.k8s.KubernetesSandbox;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Runs the handler against the in-memory API, as the workflow calls it. */
abstract class KubernetesTestSupport {

  static final String ENV = "dev";

  @TempDir Path work;

  KubernetesSandbox sandbox;
  KubernetesClient client;
  KubernetesProvider provider;
  ManifestsHandler handler;

  @BeforeEach
  void startSandbox() {
    sandbox = KubernetesSandbox.start();
    Path kubeconfig = sandbox.writeKubeconfig(work.resolve("kubeconfig"));
    client = sandbox.client();
    provider =
        new KubernetesProvider(
            Map.of("KUBECONFIG", kubeconfig.toString())::get, Duration.ofMillis(50));
    handler = (ManifestsHandler) provider.handlers().get(0);
  }

  @AfterEach
  void stopSandbox() {
    provider.close();
    client.close();
    sandbox.close();
  }

  ProviderContext context(SourceTree tree) {
    return context(tree, true);
  }

  /** A context of an environment whose {@code policy.prune} is {@code prune}. */
  ProviderContext context(SourceTree tree, boolean prune) {
    return new ProviderContext(
        ENV,
        null,
        new ProviderSettings("kubernetes", Map.of(), null, null),
        tree,
        work.resolve("work"),
        null,
        prune);
  }

  static InMemoryTree tree(String... pathsAndContents) {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      files.put(pathsAndContents[i], pathsAndContents[i + 1]);
    }
    return InMemoryTree.of(files);
  }

  static ResourceSpec spec(String name, Map<String, Object> properties) {
    return spec(name, properties, DeletionPolicy.DELETE);
  }

  static ResourceSpec spec(String name, Map<String, Object> properties, DeletionPolicy deletion) {
    return new ResourceSpec(
        new ResourceName(name),
        ManifestsHandler.TYPE,
        properties,
        List.of(),
        DriftPolicy.REVERT,
        deletion,
        false,
        null,
        null,
        false,
        SourceLocation.startOf("environment.yaml"));
  }

  static Map<String, Object> props(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  Plan plan(ResourceSpec spec, SourceTree tree) {
    Observation observation = handler.observe(spec, context(tree));
    observation.checkManageable(spec);
    return handler.diff(spec, observation);
  }

  /** What the workflow does: observe, refuse the unmanageable, diff, apply unless nothing to do. */
  Outputs reconcile(ResourceSpec spec, SourceTree tree) {
    return reconcile(spec, context(tree));
  }

  Outputs reconcile(ResourceSpec spec, ProviderContext context) {
    Observation observation = handler.observe(spec, context);
    observation.checkManageable(spec);
    Plan plan = handler.diff(spec, observation);
    if (plan.action() == Plan.Action.NONE) {
      return observation.outputs();
    }
    return handler.apply(spec, plan, context);
  }

  static List<String> lines(Plan plan) {
    return plan.changes().stream()
        .map(c -> c.path() + ": " + c.before() + " -> " + c.after())
        .toList();
  }
}
