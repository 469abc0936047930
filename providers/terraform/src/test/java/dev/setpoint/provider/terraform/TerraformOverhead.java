package dev.setpoint.provider.terraform;

import dev.setpoint.orchestrator.git.GitSource;
import dev.setpoint.orchestrator.model.ProviderSettings;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.testing.TestRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Not a test: measures what a {@code terraform:Module} step costs over plain terraform on the same
 * two-resource module, both in one process run, alternating, so the ratio is against a baseline
 * measured under the same load (docs/performance.md). Argument: how many rounds (default 7).
 */
public final class TerraformOverhead {

  static final String MODULE =
      """
      variable "name" { type = string }
      resource "terraform_data" "a" { input = var.name }
      resource "terraform_data" "b" { input = "${var.name}-b" }
      output "id" { value = terraform_data.a.output }
      """;

  private TerraformOverhead() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    Path temp = Files.createTempDirectory("terraform-overhead");
    List<Double> plainCreate = new ArrayList<>();
    List<Double> plainNoop = new ArrayList<>();
    List<Double> setpointCreate = new ArrayList<>();
    List<Double> setpointNoop = new ArrayList<>();
    try (TestRepository repo = TestRepository.init(temp.resolve("repo"))) {
      repo.write("terraform/app/main.tf", MODULE).commit("a module");
      try (GitSource git = GitSource.openLocal(repo.root())) {
        TerraformModuleHandler handler = new TerraformModuleHandler();
        for (int i = 0; i < rounds; i++) {
          Path plain = Files.createDirectories(temp.resolve("plain-" + i));
          Files.writeString(plain.resolve("main.tf"), MODULE);
          Files.writeString(plain.resolve("x.auto.tfvars.json"), "{\"name\":\"n" + i + "\"}");
          long started = System.nanoTime();
          terraform(plain, "init");
          terraform(plain, "plan", "-out=p.tfplan");
          terraform(plain, "apply", "p.tfplan");
          plainCreate.add(millisSince(started));
          started = System.nanoTime();
          terraform(plain, "plan", "-detailed-exitcode");
          plainNoop.add(millisSince(started));

          ProviderContext context =
              new ProviderContext(
                  "dev",
                  "HEAD",
                  ProviderSettings.empty("terraform"),
                  git.tree(git.resolve(null, null)),
                  temp.resolve("setpoint-" + i),
                  detail -> {});
          ResourceSpec spec =
              TerraformModuleIT.spec(
                  "app",
                  Map.of("source", "terraform/app", "variables", Map.of("name", "n" + i)),
                  List.of());
          started = System.nanoTime();
          Observation absent = handler.observe(spec, context);
          handler.apply(spec, handler.diff(spec, absent), context);
          setpointCreate.add(millisSince(started));
          started = System.nanoTime();
          Plan none = handler.diff(spec, handler.observe(spec, context));
          setpointNoop.add(millisSince(started));
          if (none.action() != Plan.Action.NONE) {
            throw new IllegalStateException("expected no changes, got " + none);
          }
        }
      }
    }
    System.out.printf(
        "rounds %d, medians in ms:%n"
            + "create: plain init+plan+apply %.0f, setpoint observe+diff+apply %.0f (x%.2f)%n"
            + "no-op:  plain plan %.0f, setpoint observe+diff %.0f (x%.2f)%n",
        rounds,
        median(plainCreate),
        median(setpointCreate),
        median(setpointCreate) / median(plainCreate),
        median(plainNoop),
        median(setpointNoop),
        median(setpointNoop) / median(plainNoop));
  }

  private static void terraform(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("terraform"));
    command.addAll(List.of(args));
    command.addAll(List.of("-input=false", "-no-color"));
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (process.waitFor() > 2) {
      throw new IllegalStateException("failed: " + command);
    }
  }

  private static double millisSince(long started) {
    return (System.nanoTime() - started) / 1e6;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
