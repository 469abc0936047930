package dev.setpoint.provider.ansible;

import static dev.setpoint.orchestrator.schema.PropertySchema.builder;
import static dev.setpoint.orchestrator.schema.PropertySchema.optional;

import dev.setpoint.orchestrator.schema.PropertySchema;
import dev.setpoint.orchestrator.schema.PropertyType;
import dev.setpoint.orchestrator.schema.ProviderSchema;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import java.util.List;

/**
 * The Ansible provider's settings and its one resource type (SPEC §2), as {@code validate} checks
 * them and the reference docs list them. A playbook's outputs are the data it publishes with {@code
 * set_stats}, so references to any output name are accepted.
 */
public final class AnsibleSchema implements ProviderSchema {

  public static final String PROVIDER = "ansible";

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
            "The ansible-runner executable on the worker machine, a name on the PATH or an"
                + " absolute path; unset means ansible-runner on the PATH."));
  }

  @Override
  public List<ResourceTypeSchema> resourceTypes() {
    return List.of(playbook());
  }

  static ResourceTypeSchema playbook() {
    return ResourceTypeSchema.builder("ansible:Playbook")
        .description(
            "An Ansible playbook kept in the repository; its outputs are its set_stats data.")
        .property(
            builder("playbook", PropertyType.PATH)
                .required()
                .description("The playbook file.")
                .build())
        .property(
            builder("inventory", PropertyType.PATH_OR_INLINE)
                .description(
                    "An inventory file or folder, or an inline YAML inventory; unset means"
                        + " localhost with a local connection.")
                .build())
        .property(
            builder("extraVars", PropertyType.MAP)
                .items(PropertyType.ANY)
                .description("Extra variables for the run, by name, as --extra-vars gives them.")
                .build())
        .property(
            builder("limit", PropertyType.STRING)
                .description(
                    "A host pattern that limits the run to some of the inventory's hosts, as"
                        + " --limit does.")
                .build())
        .property(
            builder("tags", PropertyType.LIST)
                .items(PropertyType.STRING)
                .description(
                    "Run only the tasks and roles with these Ansible tags, as --tags does.")
                .build())
        .dynamicOutputs()
        .build();
  }
}
