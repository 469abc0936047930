package dev.setpoint.provider.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wrapper's argument lists, CLI configuration and JSON parsing, without running terraform. */
class TerraformCliTest {

  @Test
  void everyCommandIsNonInteractiveUncolouredAndJson() {
    // checked against `terraform CMD -help` and runs of 1.11: version, validate, show, output and
    // workspace select refuse -input (they never prompt); workspace select refuses -json
    assertThat(TerraformCli.versionArgs(TerraformCli.VersionOptions.defaults()))
        .containsExactly("version", "-no-color", "-json");
    assertThat(TerraformCli.validateArgs(TerraformCli.ValidateOptions.defaults()))
        .containsExactly("validate", "-no-color", "-json");
    assertThat(TerraformCli.showArgs(TerraformCli.ShowOptions.defaults(Path.of("/w/p.tfplan"))))
        .containsExactly("show", "-no-color", "-json", "/w/p.tfplan");
    assertThat(TerraformCli.outputArgs(TerraformCli.OutputOptions.defaults()))
        .containsExactly("output", "-no-color", "-json");
    assertThat(
            TerraformCli.workspaceSelectArgs(
                TerraformCli.WorkspaceSelectOptions.defaults("staging")))
        .containsExactly("workspace", "select", "-no-color", "-or-create=true", "staging");
    assertThat(
            TerraformCli.workspaceSelectArgs(
                new TerraformCli.WorkspaceSelectOptions("staging", false)))
        .containsExactly("workspace", "select", "-no-color", "-or-create=false", "staging");
    assertThat(TerraformCli.initArgs(TerraformCli.InitOptions.defaults()))
        .containsExactly("init", "-input=false", "-no-color", "-json", "-lock-timeout=120s");
    assertThat(
            TerraformCli.initArgs(
                new TerraformCli.InitOptions(
                    Map.of(), TerraformCli.DEFAULT_LOCK_TIMEOUT, true, false)))
        .as("before 1.9, init refuses -json")
        .containsExactly("init", "-input=false", "-no-color", "-lock-timeout=120s", "-upgrade");
    assertThat(
            TerraformCli.initArgs(
                new TerraformCli.InitOptions(
                    Map.of("key", "app.tfstate", "bucket", "state"),
                    Duration.ofSeconds(5),
                    false,
                    true)))
        .containsExactly(
            "init",
            "-input=false",
            "-no-color",
            "-json",
            "-lock-timeout=5s",
            "-backend-config=bucket=state",
            "-backend-config=key=app.tfstate");
    assertThat(TerraformCli.planArgs(TerraformCli.PlanOptions.defaults(Path.of("/w/p.tfplan"))))
        .containsExactly(
            "plan",
            "-input=false",
            "-no-color",
            "-json",
            "-detailed-exitcode",
            "-lock-timeout=120s",
            "-out=/w/p.tfplan");
    assertThat(
            TerraformCli.planArgs(
                new TerraformCli.PlanOptions(
                    Path.of("/w/p"), true, false, Duration.ofSeconds(1), 4)))
        .contains("-refresh-only", "-parallelism=4", "-lock-timeout=1s");
    assertThat(TerraformCli.applyArgs(TerraformCli.ApplyOptions.defaults(Path.of("/w/p.tfplan"))))
        .containsExactly(
            "apply",
            "-input=false",
            "-no-color",
            "-json",
            "-auto-approve",
            "-lock-timeout=120s",
            "/w/p.tfplan");
    assertThat(TerraformCli.destroyArgs(TerraformCli.DestroyOptions.defaults()))
        .containsExactly(
            "destroy", "-input=false", "-no-color", "-json", "-auto-approve", "-lock-timeout=120s");
  }

  @Test
  void theEnvironmentMarksAutomationAndPointsAtTheWrappersOwnCliConfig(
      @org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
    TerraformCli cli = new TerraformCli(null, temp.resolve("terraform.rc"), "/opt/mirror");
    assertThat(cli.environment())
        .containsEntry("TF_IN_AUTOMATION", "1")
        .containsEntry("TF_CLI_CONFIG_FILE", temp.resolve("terraform.rc").toString());
    assertThat(java.nio.file.Files.readString(temp.resolve("terraform.rc")))
        .isEqualTo(
            "provider_installation {\n  filesystem_mirror {\n    path = \"/opt/mirror\"\n  }\n}\n");
    assertThat(TerraformCli.cliConfig(null)).doesNotContain("provider_installation");
    assertThat(cli.commandLine(List.of("version"))).containsExactly("terraform", "version");
  }

  @Test
  void aFailureIsOneLineFromTheFirstErrorDiagnostic() throws Exception {
    var diagnostic =
        TerraformCli.diagnostic(
            new ObjectMapper()
                .readTree(
                    """
                    {"severity":"error","summary":"Resource precondition failed",
                     "detail":"fail was set",
                     "range":{"filename":"main.tf","start":{"line":10,"column":19}},
                     "snippet":{"context":"resource \\"terraform_data\\" \\"a\\""}}
                    """));
    assertThat(diagnostic.address()).isEqualTo("terraform_data.a");
    assertThat(
            TerraformCli.summarize(
                "plan", 1, List.of(diagnostic), "Error: not this", TerraformCli.ErrorOutput.JSON))
        .isEqualTo(
            "terraform plan failed (exit 1): terraform_data.a: Resource precondition failed:"
                + " fail was set (main.tf:10)");
    assertThat(
            TerraformCli.summarize(
                "plan", 1, List.of(), "Error: human text", TerraformCli.ErrorOutput.JSON))
        .as("a JSON command's stderr is never scanned")
        .isEqualTo(
            "terraform plan failed (exit 1) without an error diagnostic; setpoint --debug shows"
                + " its stderr");
    assertThat(TerraformCli.summarize("apply", 130, List.of(), "", TerraformCli.ErrorOutput.JSON))
        .isEqualTo("terraform apply failed (exit 130) without an error diagnostic");
    // commands that cannot emit JSON diagnostics: stderr's error line, or its first line
    assertThat(
            TerraformCli.summarize(
                "show",
                1,
                List.of(),
                "\nError: Failed to read the given file as a state or plan file\n\nState read",
                TerraformCli.ErrorOutput.STDERR_TEXT))
        .isEqualTo(
            "terraform show failed (exit 1): Error: Failed to read the given file as a state or"
                + " plan file");
    assertThat(
            TerraformCli.summarize(
                "workspace select",
                1,
                List.of(),
                "\nWorkspace \"x\" doesn't exist.\n\nYou can create this workspace",
                TerraformCli.ErrorOutput.STDERR_TEXT))
        .isEqualTo("terraform workspace select failed (exit 1): Workspace \"x\" doesn't exist.");
    assertThat(TerraformCli.blockAddress("data \"x\" \"y\"")).isEqualTo("data.x.y");
    assertThat(TerraformCli.blockAddress("locals")).isNull();
  }

  @Test
  void initAsksForJsonFromOneNine() {
    assertThat(new TerraformCli.VersionInfo("1.11.4").initTakesJson()).isTrue();
    assertThat(new TerraformCli.VersionInfo("1.9.0").initTakesJson()).isTrue();
    assertThat(new TerraformCli.VersionInfo("1.8.5").initTakesJson()).isFalse();
  }

  @Test
  void versionsOlderThanOneFiveAreRefused() {
    assertThat(new TerraformCli.VersionInfo("1.11.4").supported()).isTrue();
    assertThat(new TerraformCli.VersionInfo("1.5.0").supported()).isTrue();
    assertThat(new TerraformCli.VersionInfo("1.4.7").supported()).isFalse();
    assertThat(new TerraformCli.VersionInfo("0.15.5").supported()).isFalse();
  }

  @Test
  void aPlanIsReadFromShowJson() throws Exception {
    var plan =
        TerraformCli.parsePlan(
            new ObjectMapper()
                .readTree(
                    """
                    {"resource_changes":[{"address":"terraform_data.a","mode":"managed",
                      "change":{"actions":["update"],"before":{"input":"one"},
                        "after":{"input":"two"},"after_unknown":{"output":true},
                        "before_sensitive":{},"after_sensitive":{}}}],
                     "resource_drift":[],
                     "output_changes":{"secret":{"actions":["update"],"before":"a","after":"b",
                        "before_sensitive":true,"after_sensitive":true}},
                     "prior_state":{"values":{"root_module":{"child_modules":[
                        {"resources":[{"address":"module.c.terraform_data.b"}]}]}}}}
                    """));
    assertThat(plan.hasPriorResources()).isTrue();
    assertThat(plan.resourceChanges())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.address()).isEqualTo("terraform_data.a");
              assertThat(c.changes()).isTrue();
            });
    assertThat(plan.outputChanges().get("secret").sensitive()).isTrue();

    Map<String, Object> changes = TerraformModuleHandler.changes(plan, true);
    assertThat(changes).containsOnlyKeys("terraform_data.a", "output.secret");
    assertThat(changes.toString()).doesNotContain("\"a\"").doesNotContain("=b");
    assertThat(changes.get("terraform_data.a").toString())
        .contains("input=one")
        .contains("input=two")
        .contains("output=" + TerraformModuleHandler.KNOWN_AFTER_APPLY);
  }
}
