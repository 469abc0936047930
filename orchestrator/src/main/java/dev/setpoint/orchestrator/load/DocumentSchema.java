package dev.setpoint.orchestrator.load;

import static dev.setpoint.orchestrator.schema.PropertySchema.builder;
import static dev.setpoint.orchestrator.schema.PropertySchema.optional;
import static dev.setpoint.orchestrator.schema.PropertySchema.required;

import dev.setpoint.orchestrator.model.Notification;
import dev.setpoint.orchestrator.schema.PropertySchema;
import dev.setpoint.orchestrator.schema.PropertyType;
import java.util.Set;

/**
 * The shape of an environment file and of an included file, in the same schema language as resource
 * properties, so one checker reports unknown fields, missing fields and wrong types for both.
 * Properties, provider settings and variables are free maps here; they are checked apart.
 */
final class DocumentSchema {

  /** Keys under {@code spec.providers} that hold secrets, compared case-insensitively. */
  static final Set<String> CREDENTIAL_KEYS =
      Set.of(
          "accesskey",
          "accesskeyid",
          "secretkey",
          "secretaccesskey",
          "sessiontoken",
          "password",
          "token",
          "privatekey",
          "clientsecret",
          "apikey");

  static final PropertySchema RETRY =
      builder("retry", PropertyType.OBJECT)
          .field(optional("maxAttempts", PropertyType.INTEGER, "Attempts, the first included."))
          .field(optional("initialInterval", PropertyType.DURATION, "Wait before the 2nd try."))
          .field(optional("maximumInterval", PropertyType.DURATION, "Longest wait between tries."))
          .field(optional("backoffCoefficient", PropertyType.NUMBER, "Growth of the wait."))
          .description("Overrides the provider's retry policy.")
          .build();

  static final PropertySchema RESOURCE =
      builder("resource", PropertyType.OBJECT)
          .field(required("name", PropertyType.STRING, "Unique name in the environment."))
          .field(required("type", PropertyType.STRING, "Resource type, as aws:ec2/Vpc."))
          .field(optional("properties", PropertyType.MAP, "Properties of the type."))
          .field(
              builder("dependsOn", PropertyType.LIST)
                  .items(PropertyType.STRING)
                  .description("Explicit dependencies.")
                  .build())
          .field(drift("drift"))
          .field(
              builder("deletionPolicy", PropertyType.ENUM)
                  .allowedValues("delete", "retain")
                  .description("What prune and destroy do.")
                  .build())
          .field(optional("adopt", PropertyType.BOOLEAN, "Take over an unmanaged match."))
          .field(RETRY)
          .field(optional("timeout", PropertyType.DURATION, "Longest time for one step."))
          .field(optional("allowReplace", PropertyType.BOOLEAN, "Permit destroy-and-recreate."))
          .build();

  private static final PropertySchema INCLUDE =
      builder("include", PropertyType.LIST)
          .items(PropertyType.PATH)
          .description("More files whose resources and variables merge in.")
          .build();

  private static final PropertySchema VARIABLES =
      builder("variables", PropertyType.MAP).items(PropertyType.ANY).build();

  private static final PropertySchema NOTIFICATIONS =
      builder("notifications", PropertyType.LIST)
          .items(
              builder("notification", PropertyType.OBJECT)
                  .field(
                      required(
                          "urlFromEnv",
                          PropertyType.STRING,
                          "The worker's environment variable holding the webhook URL."))
                  .field(
                      builder("events", PropertyType.LIST)
                          .items(
                              builder("event", PropertyType.ENUM)
                                  .allowedValues(
                                      Notification.Event.yamlNames().toArray(String[]::new))
                                  .build())
                          .build())
                  .build())
          .build();

  private static final PropertySchema RESOURCES =
      builder("resources", PropertyType.LIST).items(RESOURCE).build();

  static final PropertySchema ENVIRONMENT =
      builder("environment", PropertyType.OBJECT)
          .field(required("apiVersion", PropertyType.STRING, "setpoint.dev/v1alpha1"))
          .field(required("kind", PropertyType.STRING, "Environment"))
          .field(
              builder("metadata", PropertyType.OBJECT)
                  .required()
                  .field(required("name", PropertyType.STRING, "The environment's name."))
                  .build())
          .field(
              builder("spec", PropertyType.OBJECT)
                  .required()
                  .field(INCLUDE)
                  .field(VARIABLES)
                  .field(builder("providers", PropertyType.MAP).items(PropertyType.ANY).build())
                  .field(
                      builder("policy", PropertyType.OBJECT)
                          .field(drift("drift"))
                          .field(optional("prune", PropertyType.BOOLEAN, "Delete what left Git."))
                          .field(
                              builder("approval", PropertyType.ENUM)
                                  .allowedValues("none", "required")
                                  .build())
                          .build())
                  .field(
                      builder("sync", PropertyType.OBJECT)
                          .field(optional("interval", PropertyType.DURATION, "Git poll period."))
                          .field(optional("driftInterval", PropertyType.DURATION, "Audit period."))
                          .build())
                  .field(NOTIFICATIONS)
                  .field(RESOURCES)
                  .build())
          .build();

  static final PropertySchema INCLUDED_FILE =
      builder("included file", PropertyType.OBJECT)
          .field(INCLUDE)
          .field(VARIABLES)
          .field(RESOURCES)
          .build();

  /** The settings every provider has besides its own. */
  static final PropertySchema TASK_QUEUE =
      optional("taskQueue", PropertyType.STRING, "Temporal task queue of this provider.");

  private DocumentSchema() {}

  private static PropertySchema drift(String name) {
    return builder(name, PropertyType.ENUM).allowedValues("revert", "report", "ignore").build();
  }
}
