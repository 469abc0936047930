package dev.setpoint.provider.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.setpoint.orchestrator.git.GitSource;
import dev.setpoint.orchestrator.git.SourceTree;
import dev.setpoint.orchestrator.model.DeletionPolicy;
import dev.setpoint.orchestrator.model.DriftPolicy;
import dev.setpoint.orchestrator.model.ProviderSettings;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.model.SourceLocation;
import dev.setpoint.orchestrator.provider.Change;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ProviderException;
import dev.setpoint.orchestrator.testing.TestRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code terraform:Module} against the real terraform binary, with modules that use only built-in
 * {@code terraform_data}, variables, outputs and a local sub-module (no registry needed).
 */
class TerraformModuleIT {

  static final String MAIN_TF =
      """
      variable "name" { type = string }
      variable "fail" {
        type    = bool
        default = false
      }
      resource "terraform_data" "a" {
        input = var.name
        lifecycle {
          precondition {
            condition     = !var.fail
            error_message = "fail was set"
          }
        }
      }
      module "child" {
        source = "./modules/child"
        label  = "${var.name}-child"
      }
      output "id" { value = terraform_data.a.output }
      output "child" { value = module.child.label }
      output "secret" {
        value     = "s3cr3t-${var.name}"
        sensitive = true
      }
      """;

  static final String CHILD_TF =
      """
      variable "label" { type = string }
      resource "terraform_data" "child" { input = var.label }
      output "label" { value = terraform_data.child.output }
      """;

  @TempDir Path temp;

  private TestRepository repo;
  private GitSource git;
  private SourceTree tree;
  private final TerraformProvider provider = new TerraformProvider();
  private final TerraformModuleHandler handler = new TerraformModuleHandler();
  private final List<String> progress = Collections.synchronizedList(new ArrayList<>());

  /**
   * The slow provisioner's command, unique to this run (a 60 s sleep with random fractional
   * digits), so a check for leftover processes never sees another build's sleep on this machine.
   */
  private final String slowSleep =
      "sleep 60." + String.format("%09d", new java.security.SecureRandom().nextInt(1_000_000_000));

  @BeforeEach
  void repository() throws Exception {
    repo = TestRepository.init(temp.resolve("repo"));
    repo.write("terraform/app/main.tf", MAIN_TF);
    repo.write("terraform/app/modules/child/main.tf", CHILD_TF);
    repo.write(
        "terraform/slow/main.tf",
        """
        resource "terraform_data" "slow" {
          provisioner "local-exec" {
            command = "%s"
          }
        }
        """
            .formatted(slowSleep));
    repo.write(
        "terraform/outputs/main.tf",
        """
        variable "name" { type = string }
        locals { greeting = "hello ${var.name}" }
        output "greeting" { value = local.greeting }
        """);
    repo.write(
        "terraform/destroyable/main.tf",
        """
        variable "marker" { type = string }
        resource "terraform_data" "d" {
          input = var.marker
          provisioner "local-exec" {
            when    = destroy
            command = "echo destroyed > '${self.input}'"
          }
        }
        """);
    repo.write(
        "terraform/backend/main.tf",
        """
        terraform {
          backend "local" {}
        }
        resource "terraform_data" "b" { input = "kept elsewhere" }
        """);
    repo.commit("a module");
    git = GitSource.openLocal(repo.root());
    tree = git.tree(git.resolve(null, null));
  }

  @AfterEach
  void close() {
    git.close();
    repo.close();
  }

  private ProviderContext context(String resource) {
    return context(resource, ProviderSettings.empty("terraform"));
  }

  private ProviderContext context(String resource, ProviderSettings settings) {
    Path env = temp.resolve("home").resolve("dev");
    return new ProviderContext(
        "dev",
        "HEAD",
        settings,
        tree,
        resource.isEmpty() ? env : env.resolve(resource),
        progress::add);
  }

  static ResourceSpec module(String name, Map<String, Object> variables) {
    return spec(
        name,
        Map.of("source", "terraform/app", "variables", variables),
        List.of(new ResourceName("bucket")));
  }

  /** A {@code terraform:Module} with these (resolved) properties and the usual policies. */
  static ResourceSpec spec(
      String name, Map<String, Object> properties, List<ResourceName> dependsOn) {
    return new ResourceSpec(
        new ResourceName(name),
        TerraformModuleHandler.TYPE,
        properties,
        dependsOn,
        DriftPolicy.REVERT,
        DeletionPolicy.DELETE,
        false,
        null,
        null,
        false,
        SourceLocation.startOf("environment.yaml"));
  }

  @Test
  void createsThenPlansNothingThenUpdatesWhenAVariableChanges() {
    ResourceSpec first = module("app", Map.of("name", "one"));
    Observation absent = handler.observe(first, context("app"));
    assertThat(absent.exists()).isFalse();
    Plan create = handler.diff(first, absent);
    assertThat(create.action()).isEqualTo(Plan.Action.CREATE);

    Outputs outputs = handler.apply(first, create, context("app"));
    assertThat(outputs.values())
        .containsEntry("id", "one")
        .containsEntry("child", "one-child")
        .containsEntry("secret", "s3cr3t-one");
    assertThat(outputs.sensitive()).containsExactly("secret");
    assertThat(outputs.redacted()).containsEntry("secret", Outputs.REDACTED);
    assertThat(outputs.redacted().toString()).doesNotContain("s3cr3t");
    assertThat(progress).anyMatch(p -> p.startsWith("terraform apply: 2/2"));

    Path state = temp.resolve("home/dev/app/module/terraform.tfstate");
    assertThat(state).exists();

    // a fresh handler (another worker, same machine) sees the kept state: nothing to do
    Observation same = new TerraformModuleHandler().observe(first, context("app"));
    assertThat(same.ownership()).isEqualTo(Observation.Ownership.MANAGED);
    assertThat(same.outputs().values()).containsEntry("id", "one");
    assertThat(same.outputs().sensitive()).containsExactly("secret");
    assertThat(handler.diff(first, same)).isEqualTo(Plan.none());

    ResourceSpec second = module("app", Map.of("name", "two"));
    Observation changed = handler.observe(second, context("app"));
    Plan update = handler.diff(second, changed);
    assertThat(update.action()).isEqualTo(Plan.Action.UPDATE);
    assertThat(update.changes())
        .extracting(Change::path)
        .contains("terraform_data.a", "module.child.terraform_data.child");
    assertThat(update.changes().toString()).doesNotContain("s3cr3t");
    Change a =
        update.changes().stream()
            .filter(c -> c.path().equals("terraform_data.a"))
            .findFirst()
            .orElseThrow();
    assertThat(a.before().toString()).contains("one");
    assertThat(a.after().toString()).contains("two");

    Outputs updated = handler.apply(second, update, context("app"));
    assertThat(updated.values()).containsEntry("id", "two").containsEntry("child", "two-child");
    assertThat(handler.diff(second, handler.observe(second, context("app"))).action())
        .isEqualTo(Plan.Action.NONE);
  }

  @Test
  void aModuleWithOnlyOutputsSettlesAfterItsApply() {
    ResourceSpec spec =
        spec(
            "outputs",
            Map.of("source", "terraform/outputs", "variables", Map.of("name", "you")),
            List.of());
    Plan create = handler.diff(spec, handler.observe(spec, context("outputs")));
    assertThat(create.action()).isEqualTo(Plan.Action.CREATE);
    assertThat(handler.apply(spec, create, context("outputs")).values())
        .containsEntry("greeting", "hello you");

    Observation after = handler.observe(spec, context("outputs"));
    assertThat(after.ownership()).isEqualTo(Observation.Ownership.MANAGED);
    assertThat(after.outputs().values()).containsEntry("greeting", "hello you");
    assertThat(handler.diff(spec, after)).isEqualTo(Plan.none());
  }

  @Test
  void aSavedPlanIsAppliedAndAStaleOneIsPlannedAgainNotForced() throws Exception {
    ResourceSpec one = module("app", Map.of("name", "one"));
    handler.apply(one, Plan.create(), context("app"));
    Path workspace = temp.resolve("home/dev/app");
    assertThat(workspace.resolve(ModuleWorkspace.PLAN)).doesNotExist();

    // observe saves a plan for "two"; someone then changes the state behind it
    ResourceSpec two = module("app", Map.of("name", "two"));
    handler.observe(two, context("app"));
    assertThat(workspace.resolve(ModuleWorkspace.PLAN)).exists();
    Process outOfBand =
        new ProcessBuilder(
                "terraform",
                "apply",
                "-input=false",
                "-no-color",
                "-auto-approve",
                "-var=name=other")
            .directory(workspace.resolve("module").toFile())
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve("out-of-band.log").toFile())
            .start();
    assertThat(outOfBand.waitFor()).as(Files.readString(temp.resolve("out-of-band.log"))).isZero();

    Outputs outputs = handler.apply(two, Plan.create(), context("app"));
    assertThat(progress).anyMatch(p -> p.contains("stale"));
    assertThat(outputs.values()).containsEntry("id", "two");
    assertThat(workspace.resolve(ModuleWorkspace.PLAN)).doesNotExist();
  }

  @Test
  void aFailingPreconditionIsOneLineNamingTheAddress() {
    ResourceSpec spec = module("app", Map.of("name", "one", "fail", true));
    assertThatThrownBy(() -> handler.observe(spec, context("app")))
        .isInstanceOf(ProviderException.class)
        .satisfies(
            e -> {
              ProviderException failure = (ProviderException) e;
              assertThat(failure.kind()).isEqualTo(ProviderException.Kind.INVALID);
              assertThat(failure.getMessage())
                  .doesNotContain("\n")
                  .contains("terraform plan failed (exit 1)")
                  .contains("terraform_data.a")
                  .contains("Resource precondition failed")
                  .contains("fail was set");
            });
  }

  @Test
  void listManagedFindsTheModuleAndDeleteTwiceSucceeds() {
    Path destroyed = temp.resolve("destroyed");
    ResourceSpec spec =
        spec(
            "app",
            Map.of(
                "source",
                "terraform/destroyable",
                "variables",
                Map.of("marker", destroyed.toString())),
            List.of(new ResourceName("bucket")));
    handler.apply(spec, Plan.create(), context("app"));

    List<ManagedResource> managed = provider.listManaged("dev", context(""));
    assertThat(managed).hasSize(1);
    ManagedResource app = managed.get(0);
    assertThat(app.name()).isEqualTo("app");
    assertThat(app.type()).isEqualTo("terraform:Module");
    assertThat(app.attributes()).containsEntry(TerraformProvider.DEPENDS_ON, "bucket");
    assertThat(provider.listManaged("prod", context(""))).isEmpty();

    handler.delete(app, context("app"));
    assertThat(destroyed).as("the destroy-time provisioner ran: destroy ran").exists();
    assertThat(temp.resolve("home/dev/app")).doesNotExist();
    assertThat(provider.listManaged("dev", context(""))).isEmpty();
    handler.delete(app, context("app"));
  }

  @Test
  void backendConfigReachesInit() {
    Path state = temp.resolve("elsewhere/app.tfstate");
    ResourceSpec spec =
        spec(
            "backend",
            Map.of(
                "source", "terraform/backend", "backendConfig", Map.of("path", state.toString())),
            List.of());
    handler.apply(spec, Plan.create(), context("backend"));
    assertThat(state).as("the local backend's path= came from backendConfig").exists();
    assertThat(temp.resolve("home/dev/backend/module/terraform.tfstate")).doesNotExist();
    assertThat(handler.diff(spec, handler.observe(spec, context("backend"))))
        .isEqualTo(Plan.none());
  }

  @Test
  void cancellingAnApplyStopsTerraformAndLeavesNoLock() throws Exception {
    ResourceSpec slow = spec("slow", Map.of("source", "terraform/slow"), List.of());
    java.util.concurrent.atomic.AtomicReference<Throwable> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread apply =
        new Thread(
            () -> {
              try {
                handler.apply(slow, Plan.create(), context("slow"));
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    apply.start();
    long deadline = System.currentTimeMillis() + 20_000;
    while (progress.stream().noneMatch(p -> p.contains("terraform_data.slow"))
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(progress).anyMatch(p -> p.contains("terraform apply: 0/1"));
    while (!sleepRunning() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(sleepRunning()).as("the provisioner's " + slowSleep + " runs").isTrue();
    apply.interrupt();
    // The provisioner sleeps 60 s: a step that stops long before that was cancelled, not finished.
    apply.join(40_000);
    assertThat(apply.isAlive()).isFalse();
    assertThat(failure.get())
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("interrupted");
    assertThat(((ProviderException) failure.get()).retryable()).isTrue();

    assertThat(sleepRunning()).as("no provisioner process outlives the cancelled step").isFalse();
    Path module = temp.resolve("home/dev/slow/module");
    assertThat(module.resolve(".terraform.tfstate.lock.info")).doesNotExist();
    // the lock is free: a plan with no lock timeout would fail at once on a held lock
    TerraformCli cli = new TerraformCli(null, temp.resolve("rc"), null);
    cli.plan(
        module,
        new TerraformCli.PlanOptions(
            temp.resolve("after.tfplan"), false, false, java.time.Duration.ZERO, null));
  }

  /** Whether this run's provisioner sleep is alive (never another build's). */
  private boolean sleepRunning() {
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .anyMatch(p -> p.info().commandLine().orElse("").contains(slowSleep));
  }

  @Test
  void twoStepsOnOneWorkingDirectoryTakeTurns() throws Exception {
    ResourceSpec one = module("app", Map.of("name", "one"));
    ResourceSpec two = module("app", Map.of("name", "two"));
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var first =
          pool.submit(() -> new TerraformModuleHandler().apply(one, Plan.create(), context("app")));
      var second =
          pool.submit(() -> new TerraformModuleHandler().apply(two, Plan.create(), context("app")));
      String a = (String) first.get().values().get("id");
      String b = (String) second.get().values().get("id");
      assertThat(List.of(a, b)).containsExactlyInAnyOrder("one", "two");
    } finally {
      pool.shutdownNow();
    }
    Observation after = handler.observe(one, context("app"));
    assertThat(after.ownership()).isEqualTo(Observation.Ownership.MANAGED);
  }

  @Test
  void aMissingBinaryFailsWithTheInstallHint() {
    ProviderSettings settings =
        new ProviderSettings(
            "terraform", Map.of("binary", temp.resolve("no-terraform").toString()), null, null);
    assertThatThrownBy(
            () -> handler.observe(module("app", Map.of("name", "one")), context("app", settings)))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("terraform not found")
        .hasMessageContaining("https://developer.hashicorp.com/terraform/install");
  }

  @Test
  void aTooOldTerraformFailsInOneLineSayingWhatToInstall() throws Exception {
    Path old = temp.resolve("old-terraform");
    Files.writeString(
        old, "#!/bin/sh\necho '{\"terraform_version\":\"1.4.6\",\"platform\":\"linux_amd64\"}'\n");
    assertThat(old.toFile().setExecutable(true)).isTrue();
    ProviderSettings settings =
        new ProviderSettings("terraform", Map.of("binary", old.toString()), null, null);
    assertThatThrownBy(
            () -> handler.observe(module("app", Map.of("name", "one")), context("app", settings)))
        .isInstanceOf(ProviderException.class)
        .satisfies(
            e -> {
              assertThat(((ProviderException) e).kind()).isEqualTo(ProviderException.Kind.INVALID);
              assertThat(e.getMessage())
                  .doesNotContain("\n")
                  .startsWith("terraform 1.4.6 at \"" + old + "\" is too old")
                  .contains("Setpoint needs 1.5 or newer")
                  .contains("https://developer.hashicorp.com/terraform/install");
            });
  }

  @Test
  void aBinaryThatIsNotTerraformFailsInOneLineSayingWhatToInstall() throws Exception {
    for (String printed : List.of("echo 'Usage: something else'", "true")) {
      Path other = temp.resolve("not-terraform");
      Files.writeString(other, "#!/bin/sh\n" + printed + "\n");
      assertThat(other.toFile().setExecutable(true)).isTrue();
      ProviderSettings settings =
          new ProviderSettings("terraform", Map.of("binary", other.toString()), null, null);
      assertThatThrownBy(
              () -> handler.observe(module("app", Map.of("name", "one")), context("app", settings)))
          .isInstanceOf(ProviderException.class)
          .satisfies(
              e -> {
                assertThat(((ProviderException) e).kind())
                    .isEqualTo(ProviderException.Kind.INVALID);
                assertThat(e.getMessage())
                    .doesNotContain("\n")
                    .startsWith("\"" + other + "\" is not a terraform")
                    .contains(printed.equals("true") ? "printed nothing" : "Usage: something else")
                    .contains("https://developer.hashicorp.com/terraform/install");
              });
    }
  }

  @Test
  void theMachineHasTerraform() {
    TerraformCli cli = new TerraformCli(null, temp.resolve("rc"), null);
    assertThat(cli.version(TerraformCli.VersionOptions.defaults()).supported())
        .as("terraform on the PATH: " + TerraformCli.INSTALL_HINT)
        .isTrue();
    assertThat(Files.exists(temp.resolve("rc"))).isTrue();
  }
}
