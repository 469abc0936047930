package dev.setpoint.provider.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command of the wrapper against the real terraform binary: the argument lists {@link
 * TerraformCliTest} pins are ones Terraform accepts, and failures read as one line.
 */
class TerraformCliIT {

  @TempDir Path temp;

  /** A module folder holding {@code mainTf}, initialised. */
  private Path initialised(TerraformCli cli, String mainTf) throws Exception {
    Path dir = Files.createDirectories(temp.resolve("module"));
    Files.writeString(dir.resolve("main.tf"), mainTf);
    cli.init(dir, TerraformCli.InitOptions.defaults());
    return dir;
  }

  @Test
  void theRealBinaryAcceptsEveryCommandsArguments() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("module"));
    Files.writeString(
        dir.resolve("main.tf"),
        """
        variable "name" {
          type    = string
          default = "one"
        }
        resource "terraform_data" "a" { input = var.name }
        output "id" { value = terraform_data.a.output }
        """);
    TerraformCli cli = new TerraformCli(null, temp.resolve("terraform.rc"), null);

    TerraformCli.VersionInfo version = cli.version(TerraformCli.VersionOptions.defaults());
    cli.init(
        dir,
        new TerraformCli.InitOptions(
            Map.of(), TerraformCli.DEFAULT_LOCK_TIMEOUT, false, version.initTakesJson()));
    cli.selectWorkspace(dir, TerraformCli.WorkspaceSelectOptions.defaults("staging"));
    assertThat(dir.resolve("terraform.tfstate.d/staging")).isDirectory();
    assertThat(cli.validate(dir, TerraformCli.ValidateOptions.defaults())).isEmpty();
    Path planFile = temp.resolve("p.tfplan");
    assertThat(cli.plan(dir, TerraformCli.PlanOptions.defaults(planFile)).changes()).isTrue();
    assertThat(cli.show(dir, TerraformCli.ShowOptions.defaults(planFile)).resourceChanges())
        .singleElement()
        .satisfies(c -> assertThat(c.actions()).containsExactly("create"));
    cli.apply(dir, TerraformCli.ApplyOptions.defaults(planFile), null);
    assertThat(cli.output(dir, TerraformCli.OutputOptions.defaults()).get("id").value())
        .isEqualTo("one");
    cli.destroy(dir, TerraformCli.DestroyOptions.defaults(), null);
    assertThat(cli.output(dir, TerraformCli.OutputOptions.defaults())).isEmpty();
  }

  @Test
  void commandsWithoutJsonDiagnosticsFailInOneLineFromTheirErrorText() throws Exception {
    TerraformCli cli = new TerraformCli(null, temp.resolve("terraform.rc"), null);
    Path dir = initialised(cli, "output \"x\" { value = 1 }\n");

    assertThatThrownBy(
            () -> cli.show(dir, TerraformCli.ShowOptions.defaults(temp.resolve("missing.tfplan"))))
        .isInstanceOf(TerraformException.class)
        .hasMessage(
            "terraform show failed (exit 1): Error: Failed to read the given file as a state or"
                + " plan file");
    assertThatThrownBy(
            () ->
                cli.selectWorkspace(dir, new TerraformCli.WorkspaceSelectOptions("missing", false)))
        .isInstanceOf(TerraformException.class)
        .hasMessage(
            "terraform workspace select failed (exit 1): Workspace \"missing\" doesn't exist.");
  }

  @Test
  void aJsonCommandsFailureComesFromItsDiagnosticNotItsStderr() throws Exception {
    TerraformCli cli = new TerraformCli(null, temp.resolve("terraform.rc"), null);
    Path dir = initialised(cli, "output \"x\" { value = nothing.here }\n");

    assertThat(cli.validate(dir, TerraformCli.ValidateOptions.defaults()))
        .singleElement()
        .satisfies(d -> assertThat(d.summary()).isEqualTo("Reference to undeclared resource"));
    assertThatThrownBy(() -> cli.plan(dir, TerraformCli.PlanOptions.defaults(temp.resolve("p"))))
        .isInstanceOf(TerraformException.class)
        .hasMessageStartingWith(
            "terraform plan failed (exit 1): output.x: Reference to undeclared resource: ")
        .hasMessageEndingWith("(main.tf:1)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
