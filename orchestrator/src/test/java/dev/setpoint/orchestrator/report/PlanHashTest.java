package dev.setpoint.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.provider.Change;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan.Action;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanHashTest {

  @Test
  void theSamePlanHasTheSameHashWhateverTheOrderAndTheOutputs() {
    RunReport plan = plan(Reports.COMMIT, 2, "a", "b");
    RunReport reordered = plan(Reports.COMMIT, 2, "b", "a");

    assertThat(PlanHash.of(plan)).hasSize(PlanHash.LENGTH).matches("[0-9a-f]+");
    assertThat(PlanHash.of(reordered)).isEqualTo(PlanHash.of(plan));
  }

  @Test
  void anotherChangeAnotherActionOrAnotherCommitIsAnotherHash() {
    String hash = PlanHash.of(plan(Reports.COMMIT, 2, "a", "b"));

    assertThat(PlanHash.of(plan(Reports.COMMIT, 3, "a", "b"))).isNotEqualTo(hash);
    assertThat(PlanHash.of(plan("f".repeat(40), 2, "a", "b"))).isNotEqualTo(hash);
    assertThat(PlanHash.of(plan(Reports.COMMIT, 2, "a"))).isNotEqualTo(hash);
  }

  @Test
  void plansShowTheirHashInTextAndJsonAndOtherRunsDoNot() {
    RunReport plan = plan(Reports.COMMIT, 2, "a");
    String hash = PlanHash.of(plan);

    assertThat(new TextReportRenderer().render(plan)).endsWith("plan hash: " + hash + "\n");
    assertThat(new JsonReportRenderer().render(plan)).contains("\"planHash\":\"" + hash + "\"");
    RunReport apply = Reports.report(RunMode.APPLY, RunStatus.SUCCEEDED);
    assertThat(new JsonReportRenderer().render(apply)).doesNotContain("planHash");
  }

  private static RunReport plan(String commit, int replicas, String... names) {
    List<ResourceResult> resources =
        java.util.Arrays.stream(names)
            .map(
                name ->
                    new ResourceResult(
                        name,
                        "kubernetes:Manifests",
                        Action.UPDATE,
                        ResourceStatus.PENDING,
                        true,
                        List.of(new Change("Deployment/app/web spec.replicas", 5, replicas)),
                        Outputs.of(Map.of("objects", name.length())),
                        1,
                        null,
                        List.of()))
            .toList();
    return new RunReport(
        "staging", commit, RunMode.PLAN, RunStatus.SUCCEEDED, "wf", "run", resources);
  }
}
