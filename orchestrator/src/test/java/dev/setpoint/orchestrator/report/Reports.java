package dev.setpoint.orchestrator.report;

import dev.setpoint.orchestrator.provider.Change;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan.Action;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small reports for the renderer and exit-code tests. */
final class Reports {

  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  private Reports() {}

  static ResourceResult result(String name, Action action, ResourceStatus status) {
    return new ResourceResult(
        name,
        "aws:s3/Bucket",
        action,
        status,
        false,
        List.of(),
        Outputs.none(),
        1,
        null,
        List.of());
  }

  static ResourceResult drifted(String name, Action action, ResourceStatus status) {
    return new ResourceResult(
        name, "aws:s3/Bucket", action, status, true, List.of(), Outputs.none(), 1, null, List.of());
  }

  static RunReport report(RunMode mode, RunStatus status, ResourceResult... resources) {
    return new RunReport("staging", COMMIT, mode, status, "wf", "run", List.of(resources));
  }

  /** An apply where the VPC was created, the database failed and the app was blocked by it. */
  static RunReport failedApply() {
    Map<String, Object> dbOutputs = new LinkedHashMap<>();
    dbOutputs.put("endpoint", "db.internal");
    dbOutputs.put("password", "hunter2");
    return new RunReport(
        "staging",
        COMMIT,
        RunMode.APPLY,
        RunStatus.FAILED,
        "setpoint/staging/apply",
        "6f1c2a",
        List.of(
            new ResourceResult(
                "vpc",
                "aws:ec2/Vpc",
                Action.CREATE,
                ResourceStatus.SUCCEEDED,
                false,
                List.of(new Change("enableDnsHostnames", false, true)),
                Outputs.of(Map.of("id", "vpc-0abc")),
                1,
                null,
                List.of()),
            new ResourceResult(
                "db",
                "terraform:Module",
                Action.UPDATE,
                ResourceStatus.FAILED,
                true,
                List.of(
                    new Change("variables.size", 20, 50),
                    new Change("variables.zones", List.of("a"), List.of("a", "b"))),
                Outputs.withSensitive(dbOutputs, Set.of("password")),
                3,
                "terraform apply: permission denied for rds:ModifyDBInstance",
                List.of()),
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
                List.of("db"))));
  }
}
