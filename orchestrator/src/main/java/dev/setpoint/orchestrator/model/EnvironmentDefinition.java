package dev.setpoint.orchestrator.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole environment as one commit of Git declares it: validated, includes merged, variables
 * substituted.
 *
 * @param file the environment file, repository-relative
 * @param providers settings per provider name; providers the definition does not mention are absent
 * @param notifications where to announce failures, drift and waiting approvals; empty for none
 * @param resources in definition order, an included file's resources standing where it is included
 *     (before the including file's own)
 */
public record EnvironmentDefinition(
    String name,
    String file,
    Map<String, Object> variables,
    Map<String, ProviderSettings> providers,
    Policy policy,
    SyncSettings sync,
    List<Notification> notifications,
    List<ResourceSpec> resources) {

  public static final String API_VERSION = "setpoint.dev/v1alpha1";
  public static final String KIND = "Environment";

  public static final int MAX_NAME_LENGTH = 40;

  public static boolean isValidName(String name) {
    return name.length() <= MAX_NAME_LENGTH && ResourceName.isLabel(name);
  }

  public EnvironmentDefinition {
    variables = Values.immutableMap(variables);
    providers = Map.copyOf(providers);
    notifications = notifications == null ? List.of() : List.copyOf(notifications);
    resources = List.copyOf(resources);
  }

  public Optional<ResourceSpec> resource(ResourceName name) {
    return resources.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  public ProviderSettings provider(String provider) {
    return providers.getOrDefault(provider, ProviderSettings.empty(provider));
  }
}
