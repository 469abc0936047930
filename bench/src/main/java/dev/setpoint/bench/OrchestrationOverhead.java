package dev.setpoint.bench;

import dev.setpoint.orchestrator.graph.DependencyGraph;
import dev.setpoint.orchestrator.load.EnvironmentLoader;
import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.model.RetrySpec;
import dev.setpoint.orchestrator.model.Templates;
import dev.setpoint.orchestrator.provider.Diffs;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.Provider;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ProviderRegistry;
import dev.setpoint.orchestrator.provider.ResourceHandler;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import dev.setpoint.orchestrator.schema.PropertySchema;
import dev.setpoint.orchestrator.schema.PropertyType;
import dev.setpoint.orchestrator.schema.ProviderSchema;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import dev.setpoint.workflows.EnvironmentSource;
import dev.setpoint.workflows.HistorySizes;
import dev.setpoint.workflows.ReconcileEnvironment;
import dev.setpoint.workflows.ReconcileRequest;
import dev.setpoint.workflows.RunSettings;
import dev.setpoint.workflows.SetpointWorkers;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;

/**
 * What Temporal orchestration costs per resource: an apply of N resources through {@code
 * ReconcileEnvironment} (in-process Temporal test server, a provider whose work is instant),
 * against the same provider calls made in a plain loop in the same process. Also counts the history
 * events per resource (over the run and, above the partition size, its child workflows), the
 * largest single history and the largest payload in any of them.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.setpoint.bench.OrchestrationOverhead
 * 100,1000,10000}
 */
public final class OrchestrationOverhead {

  private static final String TYPE = "bench:Thing";
  private static final int CHAIN = 10;

  private OrchestrationOverhead() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (String size : (args.length > 0 ? args[0] : "100,1000").split(",")) {
      sizes.add(Integer.parseInt(size.strip()));
    }
    System.out.println(
        "| resources | workflows | apply through Temporal (ms) | same provider calls in a loop"
            + " (ms) | overhead per resource (ms) | history events | events per resource |"
            + " largest history (events) | largest payload (bytes) | largest payload in |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    measure(50); // warm-up: JIT, gRPC, JGit
    for (int size : sizes) {
      Measurement measured = measure(size);
      System.out.println(measured.row());
    }
    System.exit(0);
  }

  /** One apply of {@code resources}, measured. */
  record Measurement(
      int resources,
      int workflows,
      long applyNanos,
      long baselineNanos,
      int events,
      int largestHistory,
      int largestPayload,
      String largestPayloadEvent) {

    String row() {
      return String.format(
          "| %d | %d | %.0f | %.0f | %.2f | %d | %.2f | %d | %d | %s |",
          resources,
          workflows,
          applyNanos / 1e6,
          baselineNanos / 1e6,
          (applyNanos - baselineNanos) / 1e6 / resources,
          events,
          (double) events / resources,
          largestHistory,
          largestPayload,
          largestPayloadEvent);
    }
  }

  static Measurement measure(int size) throws Exception {
    return measure(size, RunSettings.defaults());
  }

  static Measurement measure(int size, RunSettings settings) throws Exception {
    Path folder = Files.createTempDirectory("setpoint-bench");
    Path repository = folder.resolve("repo");
    writeRepository(repository, size);
    InstantProvider provider = new InstantProvider();
    SchemaRegistry schemas = SchemaRegistry.of(new InstantSchema());
    try (TestWorkflowEnvironment temporal = TestWorkflowEnvironment.newInstance();
        SetpointWorkers workers =
            SetpointWorkers.start(
                temporal.getWorkflowClient(),
                ProviderRegistry.of(provider),
                schemas,
                folder.resolve("home"),
                RunSettings.DEFAULT_TASK_QUEUE,
                Set.of())) {
      WorkflowClient client = temporal.getWorkflowClient();
      ReconcileRequest request =
          new ReconcileRequest(
              new EnvironmentSource(repository.toString(), false, "env", null, null),
              RunMode.APPLY,
              false,
              settings);

      long started = System.nanoTime();
      String workflowId = "bench-apply-" + size;
      ReconcileEnvironment run = stub(client, workflowId);
      RunReport result = run.reconcile(request);
      long applyNanos = System.nanoTime() - started;
      long baselineNanos = baseline(repository, schemas);

      RunReport report = run.progress(); // a partitioned run's result names only failures
      if (result.status() != RunStatus.SUCCEEDED || report.resources().size() != size) {
        throw new IllegalStateException("expected " + size + " applied, got " + result);
      }
      List<String> workflows = new ArrayList<>(run.partitions());
      workflows.add(workflowId);
      HistorySizes.Totals histories = HistorySizes.of(client, workflows);
      return new Measurement(
          size,
          histories.workflows(),
          applyNanos,
          baselineNanos,
          histories.events(),
          histories.largestHistory(),
          histories.largestPayload(),
          histories.largestPayloadEvent());
    }
  }

  static ReconcileEnvironment stub(WorkflowClient client, String workflowId) {
    return client.newWorkflowStub(
        ReconcileEnvironment.class,
        WorkflowOptions.newBuilder()
            .setTaskQueue(RunSettings.DEFAULT_TASK_QUEUE)
            .setWorkflowId(workflowId)
            .setWorkflowExecutionTimeout(Duration.ofMinutes(30))
            .build());
  }

  /** The same provider work without Temporal: load, graph, then observe/diff/apply in order. */
  private static long baseline(Path repository, SchemaRegistry schemas) throws Exception {
    InstantProvider provider = new InstantProvider();
    long started = System.nanoTime();
    try (var source = dev.setpoint.orchestrator.git.GitSource.openLocal(repository)) {
      var revision = source.resolve(null, null);
      EnvironmentDefinition definition =
          new EnvironmentLoader(schemas).load(source.tree(revision), "env").definition().get();
      DependencyGraph graph = DependencyGraph.of(definition.resources());
      Map<String, Outputs> outputs = new LinkedHashMap<>();
      ResourceHandler handler = provider.handlers().get(0);
      for (ResourceName name : graph.topologicalOrder()) {
        ResourceSpec spec = definition.resource(name).orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> properties =
            (Map<String, Object>)
                Templates.resolve(
                    spec.properties(),
                    ref -> outputs.get(ref.resource().value()).values().get(ref.name()));
        ResourceSpec resolved = spec.resolved(properties);
        ProviderContext context =
            new ProviderContext(
                definition.name(),
                revision.commitId(),
                definition.provider("bench"),
                null,
                repository,
                null);
        Observation observation = handler.observe(resolved, context);
        Plan plan = handler.diff(resolved, observation);
        outputs.put(name.value(), handler.apply(resolved, plan, context));
      }
    }
    return System.nanoTime() - started;
  }

  /** Chains of ten: each resource but a chain's first references its predecessor's output. */
  static void writeRepository(Path repository, int size) throws Exception {
    StringBuilder yaml =
        new StringBuilder(
            "apiVersion: setpoint.dev/v1alpha1\nkind: Environment\nmetadata:\n  name: bench\n"
                + "spec:\n  resources:\n");
    for (int i = 0; i < size; i++) {
      yaml.append("    - name: thing-")
          .append(i)
          .append("\n      type: ")
          .append(TYPE)
          .append("\n      properties:\n        value: \"");
      yaml.append(i % CHAIN == 0 ? "root" : "${thing-" + (i - 1) + ".id}").append("\"\n");
    }
    Files.createDirectories(repository.resolve("env"));
    Files.writeString(repository.resolve("env/environment.yaml"), yaml.toString());
    commitAll(repository);
  }

  /** Makes {@code repository} a Git repository whose one commit holds every file in it. */
  static void commitAll(Path repository) throws Exception {
    try (Git git = Git.init().setDirectory(repository.toFile()).call()) {
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("bench")
          .setAuthor("bench", "bench@example.com")
          .setCommitter("bench", "bench@example.com")
          .setSign(false)
          .call();
    }
  }

  /** The schema of the one benchmark type. */
  static final class InstantSchema implements ProviderSchema {
    @Override
    public String provider() {
      return "bench";
    }

    @Override
    public List<PropertySchema> settings() {
      return List.of();
    }

    @Override
    public List<ResourceTypeSchema> resourceTypes() {
      return List.of(
          ResourceTypeSchema.builder(TYPE)
              .property(PropertySchema.required("value", PropertyType.STRING, "Anything."))
              .outputs("id", "value")
              .build());
    }
  }

  /** A provider whose "cloud" is a map: every call is instant, so what remains is overhead. */
  static final class InstantProvider implements Provider, ResourceHandler {
    private final Map<String, Map<String, Object>> live = new ConcurrentHashMap<>();

    @Override
    public String name() {
      return "bench";
    }

    @Override
    public List<ResourceHandler> handlers() {
      return List.of(this);
    }

    @Override
    public List<ManagedResource> listManaged(String environment, ProviderContext context) {
      return List.of();
    }

    @Override
    public RetrySpec defaultRetry() {
      return new RetrySpec(3, Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0);
    }

    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public Observation observe(ResourceSpec spec, ProviderContext context) {
      Map<String, Object> state = live.get(spec.name().value());
      return state == null
          ? Observation.absent()
          : Observation.managed(spec.name().value(), state, Outputs.of(outputs(spec, state)));
    }

    @Override
    public Plan diff(ResourceSpec spec, Observation observation) {
      return Diffs.plan(spec.properties(), observation, List.of());
    }

    @Override
    public Outputs apply(ResourceSpec spec, Plan plan, ProviderContext context) {
      live.put(spec.name().value(), spec.properties());
      return Outputs.of(outputs(spec, spec.properties()));
    }

    @Override
    public void delete(ManagedResource resource, ProviderContext context) {
      live.remove(resource.name());
    }

    private static Map<String, Object> outputs(ResourceSpec spec, Map<String, Object> state) {
      Map<String, Object> outputs = new LinkedHashMap<>(state);
      outputs.put("id", "id-" + spec.name().value());
      return outputs;
    }
  }
}
