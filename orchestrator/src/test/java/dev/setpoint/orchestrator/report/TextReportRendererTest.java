package dev.setpoint.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.provider.Change;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextReportRendererTest {

  private final TextReportRenderer renderer = new TextReportRenderer();

  private List<String> lines(RunReport report) {
    String text = renderer.render(report);
    assertThat(text).endsWith("\n");
    return List.of(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
  }

  @Test
  void summarizesAFailedApply() {
    assertThat(lines(Reports.failedApply()))
        .containsExactly(
            "apply of staging at commit 0123456789ab: failed",
            "workflow setpoint/staging/apply, run 6f1c2a",
            "",
            "+ create  vpc  aws:ec2/Vpc           succeeded",
            "    enableDnsHostnames: false -> true",
            "    outputs: id = \"vpc-0abc\"",
            "~ update  db   terraform:Module      failed (drifted)",
            "    variables.size: 20 -> 50",
            "    variables.zones: [\"a\"] -> [\"a\",\"b\"]",
            "    outputs: endpoint = \"db.internal\", password = (sensitive)",
            "+ create  app  kubernetes:Manifests  skipped",
            "",
            "actions: 2 create, 1 update",
            "status:  1 succeeded, 1 failed, 1 skipped",
            "drifted: db",
            "",
            "failed:  db (terraform:Module): terraform apply: permission denied for"
                + " rds:ModifyDBInstance",
            "skipped: app (kubernetes:Manifests): blocked by db");
  }

  @Test
  void everyActionHasItsSymbolAndTheColumnsAlign() {
    var report =
        new RunReport(
            "staging",
            Reports.COMMIT,
            RunMode.PLAN,
            RunStatus.SUCCEEDED,
            null,
            null,
            List.of(
                Reports.result("a", Action.CREATE, ResourceStatus.PENDING),
                new ResourceResult(
                    "subnet-a",
                    "aws:ec2/Subnet",
                    Action.REPLACE,
                    ResourceStatus.PENDING,
                    false,
                    List.of(new Change("cidrBlock", "10.0.1.0/24", "10.0.2.0/24")),
                    Outputs.none(),
                    0,
                    null,
                    List.of()),
                Reports.result("c", Action.UPDATE, ResourceStatus.PENDING),
                Reports.result("d", Action.DELETE, ResourceStatus.PENDING),
                Reports.result("e", Action.NONE, ResourceStatus.PENDING)));

    assertThat(lines(report))
        .containsExactly(
            "plan of staging at commit 0123456789ab: succeeded",
            "",
            "+ create     a         aws:s3/Bucket   pending",
            "-/+ replace  subnet-a  aws:ec2/Subnet  pending",
            "    cidrBlock: \"10.0.1.0/24\" -> \"10.0.2.0/24\"",
            "~ update     c         aws:s3/Bucket   pending",
            "- delete     d         aws:s3/Bucket   pending",
            "= none       e         aws:s3/Bucket   pending",
            "",
            "actions: 1 create, 1 update, 1 replace, 1 delete, 1 none",
            "status:  5 pending",
            "plan hash: " + PlanHash.of(report));
  }

  @Test
  void unsetValuesAndStringsThatLookLikeNumbersAreTellable() {
    var result =
        new ResourceResult(
            "app",
            "kubernetes:Manifests",
            Action.UPDATE,
            ResourceStatus.SUCCEEDED,
            true,
            List.of(
                new Change("replicas", "2", 2),
                new Change("labels.tier", null, "web"),
                new Change("annotations.old", "x", null)),
            Outputs.none(),
            1,
            null,
            List.of());

    assertThat(lines(Reports.report(RunMode.DRIFT, RunStatus.SUCCEEDED, result)))
        .contains(
            "    replicas: \"2\" -> 2",
            "    labels.tier: (unset) -> \"web\"",
            "    annotations.old: \"x\" -> (unset)");
  }

  @Test
  void aMultiLineErrorStaysOnOneLineAndAMissingOneIsSaid() {
    var withNewlines =
        new ResourceResult(
            "a",
            "aws:s3/Bucket",
            Action.CREATE,
            ResourceStatus.FAILED,
            false,
            List.of(),
            Outputs.none(),
            2,
            "bucket name taken\n  choose another name",
            List.of());
    var withoutError = Reports.result("b", Action.CREATE, ResourceStatus.FAILED);

    assertThat(lines(Reports.report(RunMode.APPLY, RunStatus.FAILED, withNewlines, withoutError)))
        .contains(
            "failed:  a (aws:s3/Bucket): bucket name taken choose another name",
            "failed:  b (aws:s3/Bucket): no error message was recorded");
  }

  @Test
  void aSkippedResourceNamesEveryBlocker() {
    var skipped =
        new ResourceResult(
            "app",
            "kubernetes:Manifests",
            Action.CREATE,
            ResourceStatus.SKIPPED,
            false,
            List.of(),
            Outputs.none(),
            0,
            null,
            List.of("db", "queue"));

    assertThat(lines(Reports.report(RunMode.APPLY, RunStatus.FAILED, skipped)))
        .endsWith("", "skipped: app (kubernetes:Manifests): blocked by db, queue");
  }

  @Test
  void anInSyncRunHasNoProblemLines() {
    var report =
        Reports.report(
            RunMode.APPLY,
            RunStatus.SUCCEEDED,
            Reports.result("a", Action.NONE, ResourceStatus.SUCCEEDED));

    assertThat(lines(report))
        .containsExactly(
            "apply of staging at commit 0123456789ab: succeeded",
            "workflow wf, run run",
            "",
            "= none  a  aws:s3/Bucket  succeeded",
            "",
            "actions: 1 none",
            "status:  1 succeeded");
  }

  @Test
  void aRevisionThatIsNotACommitIsShownWhole() {
    var report =
        new RunReport(
            "staging", "working tree", RunMode.PLAN, RunStatus.SUCCEEDED, null, null, List.of());

    assertThat(lines(report))
        .containsExactly("plan of staging at working tree: succeeded", "", "no resources");
  }

  @Test
  void aWorkflowWithoutARunIdIsShownAlone() {
    var report =
        new RunReport("staging", null, RunMode.DESTROY, RunStatus.RUNNING, "wf", null, List.of());

    assertThat(lines(report)).startsWith("destroy of staging: running", "workflow wf");
  }
}
