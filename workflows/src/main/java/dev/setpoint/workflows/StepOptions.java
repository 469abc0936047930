package dev.setpoint.workflows;

import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import dev.setpoint.orchestrator.model.ProviderSettings;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.model.RetrySpec;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Activity options per step: the provider's task queue, the retry policy (resource, then provider,
 * then Setpoint's default), the timeouts, and a summary that names the resource.
 */
final class StepOptions {

  /** Used where neither the resource nor the provider's settings say otherwise. */
  static final RetrySpec DEFAULT_RETRY =
      new RetrySpec(5, Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0);

  /** A step that no worker takes within this fails with a message naming its task queue. */
  static final Duration SCHEDULE_TO_START = Duration.ofMinutes(5);

  private StepOptions() {}

  static ActivityOptions forResource(
      EnvironmentDefinition definition, ResourceSpec spec, RunSettings settings, String step) {
    ProviderSettings provider = definition.provider(spec.provider());
    RetrySpec retry =
        orDefault(spec.retry() == null ? provider.retry() : spec.retry().orElse(provider.retry()));
    return ActivityOptions.newBuilder()
        .setTaskQueue(taskQueue(provider, settings))
        .setStartToCloseTimeout(spec.timeout() != null ? spec.timeout() : settings.stepTimeout())
        .setScheduleToStartTimeout(SCHEDULE_TO_START)
        .setHeartbeatTimeout(settings.heartbeatTimeout())
        .setRetryOptions(retryOptions(retry))
        .setSummary(step + " " + spec.type() + " " + spec.name())
        .build();
  }

  static ActivityOptions forProvider(
      EnvironmentDefinition definition, String providerName, RunSettings settings, String summary) {
    ProviderSettings provider = definition.provider(providerName);
    return ActivityOptions.newBuilder()
        .setTaskQueue(taskQueue(provider, settings))
        .setStartToCloseTimeout(settings.stepTimeout())
        .setScheduleToStartTimeout(SCHEDULE_TO_START)
        .setHeartbeatTimeout(settings.heartbeatTimeout())
        .setRetryOptions(retryOptions(orDefault(provider.retry())))
        .setSummary(summary + " " + providerName)
        .build();
  }

  private static String taskQueue(ProviderSettings provider, RunSettings settings) {
    return provider.taskQueue() != null ? provider.taskQueue() : settings.defaultTaskQueue();
  }

  private static RetrySpec orDefault(RetrySpec retry) {
    return retry == null ? DEFAULT_RETRY : retry.orElse(DEFAULT_RETRY);
  }

  private static RetryOptions retryOptions(RetrySpec retry) {
    return RetryOptions.newBuilder()
        .setMaximumAttempts(retry.maxAttempts())
        .setInitialInterval(retry.initialInterval())
        .setMaximumInterval(retry.maximumInterval())
        .setBackoffCoefficient(retry.backoffCoefficient())
        .setDoNotRetry(Failures.INVALID_TYPES)
        .build();
  }
}
