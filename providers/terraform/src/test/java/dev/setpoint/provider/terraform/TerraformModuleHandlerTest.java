package dev.setpoint.provider.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.provider.Change;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Plan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** diff is pure: it reads the plan observe summarised in the observation's state. */
class TerraformModuleHandlerTest {

  private final TerraformModuleHandler handler = new TerraformModuleHandler();

  @Test
  void noStateIsCreateNoChangesIsNoneAndChangesAreOnePerAddress() {
    var spec = TerraformModuleIT.module("app", Map.of());
    assertThat(handler.diff(spec, Observation.absent())).isEqualTo(Plan.create());
    assertThat(
            handler.diff(
                spec,
                Observation.managed("w", Map.of("changes", Map.of(), "drift", List.of()), null)))
        .isEqualTo(Plan.none());

    Map<String, Object> change = new LinkedHashMap<>();
    change.put("before", Map.of("input", "one"));
    change.put("after", Map.of("input", "two"));
    Plan update =
        handler.diff(
            spec,
            Observation.managed(
                "w",
                Map.of(
                    "changes", Map.of("terraform_data.a", change),
                    "drift", List.of("terraform_data.a")),
                null));
    assertThat(update.action()).isEqualTo(Plan.Action.UPDATE);
    assertThat(update.changes())
        .containsExactly(
            new Change("terraform_data.a", Map.of("input", "one"), Map.of("input", "two")));
    assertThat(update.reason()).isEqualTo("changed outside Terraform: terraform_data.a");
  }
}
