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
import dev.setpoint.orchestrator.provider.ProviderRegistry;
import dev.setpoint.orchestrator.provider.ResourceHandler;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import dev.setpoint.provider.k8s.KubernetesProvider;
import dev.setpoint.provider.k8s.KubernetesSchema;
import dev.setpoint.sandbox.k8s.KubernetesSandbox;
import dev.setpoint.workflows.EnvironmentSource;
import dev.setpoint.workflows.ReconcileEnvironment;
import dev.setpoint.workflows.ReconcileRequest;
import dev.setpoint.workflows.RunSettings;
import dev.setpoint.workflows.SetpointWorkers;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applying N ConfigMaps through Setpoint's {@code kubernetes:Manifests} handler (observe, diff,
 * apply, as one activity runs them: server-side apply of each object plus the inventory), and
 * through the whole engine (a {@code ReconcileEnvironment} run on the in-process Temporal test
 * server: the environment loaded from a Git commit, validated, graphed, then the same handler in
 * activities), against a plain fabric8 loop creating the same ConfigMaps, on the same in-memory API
 * and the same kind of client, alternating rounds in fresh namespaces. Prints the median of each
 * and their ratio, the median of the per-round ratios, and the API requests of each.
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
      Path repository = dir.resolve("repo");
      writeRepository(repository, count, rounds);
      try (Engine engine = new Engine(provider, repository, dir.resolve("home"))) {
        // One warm-up round of each, not counted: class loading and JIT.
        setpoint(handler, dir, count, "warm-setpoint", sandbox);
        engine.apply("warm", count, sandbox);
        plainLoop(plain, count, "warm-plain", sandbox, false);
        plainLoop(plain, count, "warm-plain-apply", sandbox, true);
        List<Long> setpointNanos = new ArrayList<>();
        List<Long> engineNanos = new ArrayList<>();
        List<Long> plainNanos = new ArrayList<>();
        List<Long> plainApplyNanos = new ArrayList<>();
        Map<String, Long> setpointRequests = Map.of();
        Map<String, Long> engineRequests = Map.of();
        Map<String, Long> plainRequests = Map.of();
        for (int round = 0; round < rounds; round++) {
          sandbox.dispatcher().resetCounts();
          setpointNanos.add(setpoint(handler, dir, count, "setpoint-" + round, sandbox));
          setpointRequests = sandbox.dispatcher().requestCounts();
          sandbox.dispatcher().resetCounts();
          engineNanos.add(engine.apply(String.valueOf(round), count, sandbox));
          engineRequests = sandbox.dispatcher().requestCounts();
          sandbox.dispatcher().resetCounts();
          plainNanos.add(plainLoop(plain, count, "plain-" + round, sandbox, false));
          plainRequests = sandbox.dispatcher().requestCounts();
          plainApplyNanos.add(plainLoop(plain, count, "plain-apply-" + round, sandbox, true));
          System.out.printf(
              "round %d: setpoint %.0f ms, through the engine %.0f ms, plain create %.0f ms,"
                  + " plain server-side apply %.0f ms%n",
              round,
              setpointNanos.get(round) / 1e6,
              engineNanos.get(round) / 1e6,
              plainNanos.get(round) / 1e6,
              plainApplyNanos.get(round) / 1e6);
        }
        summarise(
            count,
            rounds,
            setpointNanos,
            engineNanos,
            plainNanos,
            plainApplyNanos,
            setpointRequests,
            engineRequests,
            plainRequests);
      }
      plain.close();
      provider.close();
    }
  }

  private static void summarise(
      int count,
      int rounds,
      List<Long> setpointNanos,
      List<Long> engineNanos,
      List<Long> plainNanos,
      List<Long> plainApplyNanos,
      Map<String, Long> setpointRequests,
      Map<String, Long> engineRequests,
      Map<String, Long> plainRequests) {
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
    List<Long> roundRatios = perRoundRatios(setpointNanos, plainNanos);
    System.out.printf(
        "per-round ratios setpoint / plain create %s, median %.2f%n",
        roundRatios.stream().map(r -> String.format("%.2f", r / 1000.0)).toList(),
        median(roundRatios) / 1000.0);
    List<Long> engineRatios = perRoundRatios(engineNanos, plainNanos);
    System.out.printf(
        "through the engine: median %.0f ms (%s), ratio to plain create %.2f; per-round ratios"
            + " %s, median %.2f%n",
        median(engineNanos) / 1e6,
        engineRequests,
        median(engineNanos) / median(plainNanos),
        engineRatios.stream().map(r -> String.format("%.2f", r / 1000.0)).toList(),
        median(engineRatios) / 1000.0);
  }

  /** Each round's {@code measured / baseline}, in thousandths. */
  private static List<Long> perRoundRatios(List<Long> measured, List<Long> baseline) {
    List<Long> ratios = new ArrayList<>();
    for (int round = 0; round < measured.size(); round++) {
      ratios.add(Math.round(1000.0 * measured.get(round) / baseline.get(round)));
    }
    return ratios;
  }

  /**
   * One environment per round, {@code env-R}, named {@code bench-R} so no round prunes another's
   * objects, with one {@code kubernetes:Manifests} resource reading the same file of N ConfigMaps
   * into the namespace {@code engine-R}.
   */
  private static void writeRepository(Path repository, int count, int rounds) throws Exception {
    Files.createDirectories(repository);
    Files.writeString(repository.resolve("maps.yaml"), configMaps(count));
    List<String> names = new ArrayList<>(List.of("warm"));
    for (int round = 0; round < rounds; round++) {
      names.add(String.valueOf(round));
    }
    for (String name : names) {
      Path env = Files.createDirectories(repository.resolve("env-" + name));
      Files.writeString(
          env.resolve("environment.yaml"),
          """
          apiVersion: setpoint.dev/v1alpha1
          kind: Environment
          metadata:
            name: bench-%1$s
          spec:
            resources:
              - name: maps
                type: kubernetes:Manifests
                properties: {path: ../maps.yaml, namespace: engine-%1$s, wait: false}
          """
              .formatted(name));
    }
    OrchestrationOverhead.commitAll(repository);
  }

  /**
   * The in-process Temporal test server with one worker running the workflow and its activities
   * over the real Kubernetes provider, as {@code setpoint apply} runs them embedded.
   */
  private static final class Engine implements AutoCloseable {
    private final TestWorkflowEnvironment temporal = TestWorkflowEnvironment.newInstance();
    private final SetpointWorkers workers;
    private final Path repository;

    Engine(KubernetesProvider provider, Path repository, Path home) {
      this.repository = repository;
      this.workers =
          SetpointWorkers.start(
              temporal.getWorkflowClient(),
              ProviderRegistry.of(provider),
              SchemaRegistry.of(new KubernetesSchema()),
              home,
              RunSettings.DEFAULT_TASK_QUEUE,
              Set.of());
    }

    /** One apply run of {@code env-NAME}, timed from its start to its result. */
    long apply(String name, int count, KubernetesSandbox sandbox) {
      ReconcileRequest request =
          new ReconcileRequest(
              new EnvironmentSource(repository.toString(), false, "env-" + name, null, null),
              RunMode.APPLY,
              false,
              RunSettings.defaults());
      ReconcileEnvironment run =
          OrchestrationOverhead.stub(temporal.getWorkflowClient(), "bench-k8s-" + name);
      long started = System.nanoTime();
      RunReport result = run.reconcile(request);
      long elapsed = System.nanoTime() - started;
      if (result.status() != RunStatus.SUCCEEDED) {
        throw new IllegalStateException("env-" + name + ": " + result);
      }
      check(sandbox, "engine-" + name, count);
      return elapsed;
    }

    @Override
    public void close() throws Exception {
      workers.close();
      temporal.close();
    }
  }

  private static String configMaps(int count) {
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

  private static long setpoint(
      ResourceHandler handler, Path dir, int count, String namespace, KubernetesSandbox sandbox) {
    InMemorySourceTree tree = new InMemorySourceTree(Map.of("k8s/maps.yaml", configMaps(count)));
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
