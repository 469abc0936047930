package dev.setpoint.bench;

import dev.setpoint.orchestrator.model.DeletionPolicy;
import dev.setpoint.orchestrator.model.DriftPolicy;
import dev.setpoint.orchestrator.model.ProviderSettings;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.model.SourceLocation;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ResourceHandler;
import dev.setpoint.provider.k8s.KubernetesProvider;
import dev.setpoint.sandbox.k8s.KubernetesSandbox;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Applying N ConfigMaps through Setpoint's {@code kubernetes:Manifests} handler (observe, diff,
 * apply, as one activity runs them: server-side apply of each object plus the inventory) against a
 * plain fabric8 loop creating the same ConfigMaps, on the same in-memory API and the same kind of
 * client, alternating rounds in fresh namespaces. Prints the median of each and their ratio, the
 * median of the per-round ratios, and the API requests of each.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.setpoint.bench.KubernetesApplyBenchmark
 * 1000 5}
 */
public final class KubernetesApplyBenchmark {

  private KubernetesApplyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = Files.createTempDirectory("setpoint-k8s-bench");
    try (KubernetesSandbox sandbox = KubernetesSandbox.start()) {
      Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("kubeconfig"));
      KubernetesProvider provider =
          new KubernetesProvider(
              Map.of("KUBECONFIG", kubeconfig.toString())::get, Duration.ofSeconds(1));
      KubernetesClient plain =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(null, kubeconfig.toFile()))
              .build();
      ResourceHandler handler = provider.handlers().get(0);
      // One warm-up round of each, not counted: class loading and JIT.
      setpoint(handler, dir, count, "warm-setpoint", sandbox);
      plainLoop(plain, count, "warm-plain", sandbox, false);
      plainLoop(plain, count, "warm-plain-apply", sandbox, true);
      List<Long> setpointNanos = new ArrayList<>();
      List<Long> plainNanos = new ArrayList<>();
      List<Long> plainApplyNanos = new ArrayList<>();
      Map<String, Long> setpointRequests = Map.of();
      Map<String, Long> plainRequests = Map.of();
      for (int round = 0; round < rounds; round++) {
        sandbox.dispatcher().resetCounts();
        setpointNanos.add(setpoint(handler, dir, count, "setpoint-" + round, sandbox));
        setpointRequests = sandbox.dispatcher().requestCounts();
        sandbox.dispatcher().resetCounts();
        plainNanos.add(plainLoop(plain, count, "plain-" + round, sandbox, false));
        plainRequests = sandbox.dispatcher().requestCounts();
        plainApplyNanos.add(plainLoop(plain, count, "plain-apply-" + round, sandbox, true));
        System.out.printf(
            "round %d: setpoint %.0f ms, plain create %.0f ms, plain server-side apply %.0f ms%n",
            round,
            setpointNanos.get(round) / 1e6,
            plainNanos.get(round) / 1e6,
            plainApplyNanos.get(round) / 1e6);
      }
      System.out.printf(
          "plain server-side apply loop median %.0f ms, ratio to plain create %.2f%n",
          median(plainApplyNanos) / 1e6, median(plainApplyNanos) / median(plainNanos));
      double setpointMedian = median(setpointNanos) / 1e6;
      double plainMedian = median(plainNanos) / 1e6;
      System.out.printf(
          "%d ConfigMaps, %d rounds: setpoint median %.0f ms (%s), plain fabric8 median %.0f ms"
              + " (%s), ratio %.2f%n",
          count,
          rounds,
          setpointMedian,
          setpointRequests,
          plainMedian,
          plainRequests,
          setpointMedian / plainMedian);
      // Paired by round: the load of a shared machine changes between rounds more than within one.
      List<Long> roundRatios = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        roundRatios.add(Math.round(1000.0 * setpointNanos.get(round) / plainNanos.get(round)));
      }
      System.out.printf(
          "per-round ratios setpoint / plain create %s, median %.2f%n",
          roundRatios.stream().map(r -> String.format("%.2f", r / 1000.0)).toList(),
          median(roundRatios) / 1000.0);
      plain.close();
      provider.close();
    }
  }

  private static long setpoint(
      ResourceHandler handler, Path dir, int count, String namespace, KubernetesSandbox sandbox) {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < count; i++) {
      yaml.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-")
          .append(i)
          .append("\ndata:\n  index: \"")
          .append(i)
          .append("\"\n");
    }
    InMemorySourceTree tree = new InMemorySourceTree(Map.of("k8s/maps.yaml", yaml.toString()));
    ResourceSpec spec =
        new ResourceSpec(
            new ResourceName(namespace),
            "kubernetes:Manifests",
            Map.of("path", "k8s", "namespace", namespace, "wait", false),
            List.of(),
            DriftPolicy.REVERT,
            DeletionPolicy.DELETE,
            false,
            null,
            null,
            false,
            SourceLocation.startOf("environment.yaml"));
    ProviderContext context =
        new ProviderContext(
            "bench", null, ProviderSettings.empty("kubernetes"), tree, dir.resolve("work"), null);
    long started = System.nanoTime();
    Observation observation = handler.observe(spec, context);
    Plan plan = handler.diff(spec, observation);
    handler.apply(spec, plan, context);
    long elapsed = System.nanoTime() - started;
    check(sandbox, namespace, count);
    return elapsed;
  }

  /**
   * @param apply server-side apply each ConfigMap (what Setpoint sends) instead of creating it, to
   *     tell the in-memory API's cost of apply apart from Setpoint's own
   */
  private static long plainLoop(
      KubernetesClient client,
      int count,
      String namespace,
      KubernetesSandbox sandbox,
      boolean apply) {
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      ConfigMap map =
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName("settings-" + i)
              .withNamespace(namespace)
              .endMetadata()
              .addToData("index", String.valueOf(i))
              .build();
      if (apply) {
        client
            .configMaps()
            .inNamespace(namespace)
            .resource(map)
            .fieldManager("bench")
            .forceConflicts()
            .serverSideApply();
      } else {
        client.configMaps().inNamespace(namespace).resource(map).create();
      }
    }
    long elapsed = System.nanoTime() - started;
    check(sandbox, namespace, count);
    return elapsed;
  }

  private static void check(KubernetesSandbox sandbox, String namespace, int count) {
    try (KubernetesClient client = sandbox.client()) {
      int found = client.configMaps().inNamespace(namespace).list().getItems().size();
      if (found != count) {
        throw new IllegalStateException(namespace + ": " + found + " ConfigMaps, not " + count);
      }
    }
  }

  private static double median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
  }
}
