package dev.setpoint.provider.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
                Observation.managed("w", Map.of("changes", Map.of(), "drift", Map.of()), null)))
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
                    "drift", Map.of("terraform_data.a", List.of("input"))),
                null));
    assertThat(update.action()).isEqualTo(Plan.Action.UPDATE);
    assertThat(update.changes())
        .containsExactly(
            new Change("terraform_data.a", Map.of("input", "one"), Map.of("input", "two")));
    assertThat(update.reason()).isEqualTo("changed outside Terraform: terraform_data.a (input)");
  }

  @Test
  void driftNamesEachAddressWithTheAttributePathsThatChangedNeverTheirValues() throws Exception {
    String refreshOnly =
        """
        {"resource_drift": [
          {"address": "aws_vpc.this", "mode": "managed", "change": {"actions": ["update"],
            "before": {"cidr_block": "10.0.0.0/16", "tags": {"team": "platform"},
                       "tags_all": {"team": "platform"}},
            "after": {"cidr_block": "10.0.0.0/16", "tags": {"team": "s3cr3t-hand"},
                      "tags_all": {"team": "s3cr3t-hand"}}}},
          {"address": "aws_s3_bucket.b", "mode": "managed", "change": {"actions": ["delete"],
            "before": {"bucket": "b"}, "after": null}},
          {"address": "aws_iam_role.same", "mode": "managed", "change": {"actions": ["no-op"],
            "before": {"name": "r"}, "after": {"name": "r"}}}
        ]}
        """;
    Map<String, Object> drift =
        TerraformModuleHandler.driftByAddress(
            TerraformCli.parsePlan(new ObjectMapper().readTree(refreshOnly)));
    assertThat(drift)
        .containsExactly(
            Map.entry("aws_vpc.this", List.of("tags.team", "tags_all.team")),
            Map.entry("aws_s3_bucket.b", List.of(TerraformModuleHandler.DELETED)));

    Map<String, Object> change = new LinkedHashMap<>();
    change.put("before", Map.of("tags", Map.of("team", "s3cr3t-hand")));
    change.put("after", Map.of("tags", Map.of("team", "platform")));
    Plan revert =
        handler.diff(
            TerraformModuleIT.module("app", Map.of()),
            Observation.managed(
                "w", Map.of("changes", Map.of("aws_vpc.this", change), "drift", drift), null));
    assertThat(revert.reason())
        .isEqualTo(
            "changed outside Terraform: aws_vpc.this (tags.team, tags_all.team),"
                + " aws_s3_bucket.b (deleted)");
  }
}
