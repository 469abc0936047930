package dev.setpoint.provider.terraform;

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

/** The Terraform schema is exactly SPEC §2: a module folder, its inputs, dynamic outputs. */
class TerraformSchemaTest {

  private final SchemaRegistry registry = SchemaRegistry.load();

  @Test
  void serviceLoaderFindsTheTerraformProviderWithItsSettings() {
    assertThat(registry.providerNames()).containsExactly("terraform");
    ProviderSchema terraform = registry.provider("terraform").orElseThrow();
    assertThat(terraform).isInstanceOf(TerraformSchema.class);
    assertThat(shapes(terraform.settings()))
        .as("pluginDir is a folder on the worker machine, so not a PATH checked against Git")
        .isEqualTo(Map.of("binary", "STRING", "pluginDir", "STRING", "parallelism", "INTEGER"));
    assertThat(registry.typeNames()).containsExactly("terraform:Module");
  }

  @Test
  void module() {
    ResourceTypeSchema module = registry.type("terraform:Module").orElseThrow();
    assertThat(shapes(module))
        .isEqualTo(
            Map.of(
                "source", "PATH",
                "variables", "MAP<ANY>",
                "backendConfig", "MAP<ANY>",
                "workspace", "STRING"));
    assertThat(required(module)).containsExactlyInAnyOrder("source");
    assertThat(defaults(module)).isEmpty();
    assertThat(module.immutableProperties()).isEmpty();
    assertThat(module.exactlyOneOf()).isEmpty();
    assertThat(module.outputs()).isEmpty();
    assertThat(module.dynamicOutputs()).as("every Terraform output by name").isTrue();
  }

  @Test
  void everyTypePropertyAndSettingIsDescribed() {
    assertEverythingDescribed(registry.provider("terraform").orElseThrow());
  }

  @Test
  void referenceDocsListEveryPropertyAsTheSchemaDeclaresIt() throws IOException {
    assertReferenceDocsMatch(
        registry.provider("terraform").orElseThrow(), "../../docs/providers/terraform.md");
  }
}
