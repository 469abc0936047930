package dev.setpoint.provider.terraform;

import static dev.setpoint.orchestrator.schema.PropertySchema.builder;
import static dev.setpoint.orchestrator.schema.PropertySchema.optional;

import dev.setpoint.orchestrator.schema.PropertySchema;
import dev.setpoint.orchestrator.schema.PropertyType;
import dev.setpoint.orchestrator.schema.ProviderSchema;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import java.util.List;

/**
 * The Terraform provider's settings and its one resource type (SPEC §2), as {@code validate} checks
 * them and the reference docs list them. A module's outputs are whatever its {@code output} blocks
 * declare, so references to any output name are accepted.
 */
public final class TerraformSchema implements ProviderSchema {

  public static final String PROVIDER = "terraform";

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public List<PropertySchema> settings() {
    return List.of(
        optional(
            "binary",
            PropertyType.STRING,
            "The terraform executable on the worker machine, a name on the PATH or an absolute"
                + " path; unset means terraform on the PATH."),
        optional(
            "pluginDir",
            PropertyType.STRING,
            "A folder on the worker machine, not in Git, holding a mirror of the Terraform"
                + " providers the modules need."),
        optional(
            "parallelism",
            PropertyType.INTEGER,
            "How many resource operations Terraform runs at once in one module (its"
                + " -parallelism option)."));
  }

  @Override
  public List<ResourceTypeSchema> resourceTypes() {
    return List.of(module());
  }

  static ResourceTypeSchema module() {
    return ResourceTypeSchema.builder("terraform:Module")
        .description("A Terraform root module kept in the repository; its outputs are its own.")
        .property(
            builder("source", PropertyType.PATH)
                .required()
                .description("The folder of the Terraform root module.")
                .build())
        .property(
            builder("variables", PropertyType.MAP)
                .items(PropertyType.ANY)
                .description("Values of the module's input variables, by variable name.")
                .build())
        .property(
            builder("backendConfig", PropertyType.MAP)
                .items(PropertyType.ANY)
                .description(
                    "Settings of the module's backend block given at init, such as a state"
                        + " bucket and key.")
                .build())
        .property(
            builder("workspace", PropertyType.STRING)
                .description(
                    "The Terraform workspace to use; unset means Terraform's default workspace.")
                .build())
        .dynamicOutputs()
        .build();
  }
}
