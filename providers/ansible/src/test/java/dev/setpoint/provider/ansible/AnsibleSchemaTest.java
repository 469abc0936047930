package dev.setpoint.provider.ansible;

import static dev.setpoint.orchestrator.testing.SchemaFacts.assertEverythingDescribed;
import static dev.setpoint.orchestrator.testing.SchemaFacts.assertReferenceDocsMatch;
import static dev.setpoint.orchestrator.testing.SchemaFacts.defaults;
import static dev.setpoint.orchestrator.testing.SchemaFacts.required;
import static dev.setpoint.orchestrator.testing.SchemaFacts.shapes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.schema.ProviderSchema;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Ansible schema is exactly SPEC §2: a playbook, its inventory and vars, dynamic outputs. */
class AnsibleSchemaTest {

  private final SchemaRegistry registry = SchemaRegistry.load();

  @Test
  void serviceLoaderFindsTheAnsibleProviderWithItsSettings() {
    assertThat(registry.providerNames()).containsExactly("ansible");
    ProviderSchema ansible = registry.provider("ansible").orElseThrow();
    assertThat(ansible).isInstanceOf(AnsibleSchema.class);
    assertThat(shapes(ansible.settings())).isEqualTo(Map.of("binary", "STRING"));
    assertThat(registry.typeNames()).containsExactly("ansible:Playbook");
  }

  @Test
  void playbook() {
    ResourceTypeSchema playbook = registry.type("ansible:Playbook").orElseThrow();
    assertThat(shapes(playbook))
        .isEqualTo(
            Map.of(
                "playbook", "PATH",
                "inventory", "PATH_OR_INLINE",
                "extraVars", "MAP<ANY>",
                "limit", "STRING",
                "tags", "LIST<STRING>"));
    assertThat(required(playbook)).containsExactlyInAnyOrder("playbook");
    assertThat(defaults(playbook))
        .as("the localhost inventory is a behaviour, not a value to fill in")
        .isEmpty();
    assertThat(playbook.immutableProperties()).isEmpty();
    assertThat(playbook.exactlyOneOf()).isEmpty();
    assertThat(playbook.outputs()).isEmpty();
    assertThat(playbook.dynamicOutputs()).as("the playbook's set_stats data").isTrue();
  }

  @Test
  void everyTypePropertyAndSettingIsDescribed() {
    assertEverythingDescribed(registry.provider("ansible").orElseThrow());
  }

  @Test
  void referenceDocsListEveryPropertyAsTheSchemaDeclaresIt() throws IOException {
    assertReferenceDocsMatch(
        registry.provider("ansible").orElseThrow(), "../../docs/providers/ansible.md");
  }
}
