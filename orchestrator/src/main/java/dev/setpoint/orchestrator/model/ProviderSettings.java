package dev.setpoint.orchestrator.model;

import java.util.Map;

/**
 * Connection settings of one provider, with variables substituted. Credentials are never here.
 *
 * @param provider the provider's name as types spell it ({@code aws}, {@code kubernetes}, ...)
 * @param settings every setting the definition gives, {@code retry} and {@code taskQueue} included
 * @param retry the provider-wide retry override, or null
 * @param taskQueue the Temporal task queue of this provider's activities, or null for the default
 */
public record ProviderSettings(
    String provider, Map<String, Object> settings, RetrySpec retry, String taskQueue) {

  public ProviderSettings {
    settings = Values.immutableMap(settings);
  }

  public static ProviderSettings empty(String provider) {
    return new ProviderSettings(provider, Map.of(), null, null);
  }
}
