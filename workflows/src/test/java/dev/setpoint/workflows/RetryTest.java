package dev.setpoint.workflows;

import static dev.setpoint.workflows.WorkflowHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.report.ResourceResult;
import dev.setpoint.orchestrator.report.ResourceStatus;
import dev.setpoint.orchestrator.report.RunMode;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transient provider errors are retried by the step's policy; invalid ones never. */
class RetryTest {

  /** Short intervals so that retries take milliseconds; attempts stay Setpoint's default (5). */
  static final String QUICK_RETRIES =
      """
        providers:
          test: {retry: {initialInterval: 10ms, maximumInterval: 50ms}}
      """;

  @TempDir Path folder;
  WorkflowHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = new WorkflowHarness(folder);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void transientFailuresAreRetriedUntilTheStepSucceeds() throws Exception {
    harness.commit(QUICK_RETRIES, Definitions.network("flaky"));
    harness.provider.failTransiently.put("flaky", new AtomicInteger(2));

    ResourceResult flaky = resource(harness.run(RunMode.APPLY), "flaky");

    assertThat(flaky.status()).isEqualTo(ResourceStatus.SUCCEEDED);
    assertThat(flaky.attempts()).isEqualTo(3);
    assertThat(harness.provider.count("apply", "flaky")).isEqualTo(3);
    assertThat(harness.provider.live).containsKey("flaky");
  }

  @Test
  void invalidFailuresAreNotRetried() throws Exception {
    harness.commit(QUICK_RETRIES, Definitions.network("refused"));
    harness.provider.failInvalid.put("refused", "the target refuses this cidrBlock");

    ResourceResult refused = resource(harness.run(RunMode.APPLY), "refused");

    assertThat(refused.status()).isEqualTo(ResourceStatus.FAILED);
    assertThat(refused.error()).isEqualTo("the target refuses this cidrBlock");
    assertThat(refused.attempts()).isEqualTo(1);
    assertThat(harness.provider.count("apply", "refused")).isEqualTo(1);
  }

  @Test
  void aResourceRetryOverrideBoundsTheAttempts() throws Exception {
    harness.commit(
        QUICK_RETRIES,
        """
          - name: limited
            type: test:net/Network
            retry: {maxAttempts: 2}
            properties: {cidrBlock: 10.0.0.0/16}
        """);
    harness.provider.failTransiently.put("limited", new AtomicInteger(10));

    ResourceResult limited = resource(harness.run(RunMode.APPLY), "limited");

    assertThat(limited.status()).isEqualTo(ResourceStatus.FAILED);
    assertThat(limited.error()).isEqualTo("throttled, try again");
    assertThat(limited.attempts()).isEqualTo(2);
    assertThat(harness.provider.count("apply", "limited")).isEqualTo(2);
  }

  @Test
  void aProviderRetrySettingAppliesToItsResources() throws Exception {
    harness.commit(
        """
          providers:
            test: {retry: {maxAttempts: 3, initialInterval: 10ms}}
        """,
        Definitions.network("limited"));
    harness.provider.failTransiently.put("limited", new AtomicInteger(10));

    ResourceResult limited = resource(harness.run(RunMode.APPLY), "limited");

    assertThat(limited.status()).isEqualTo(ResourceStatus.FAILED);
    assertThat(limited.attempts()).isEqualTo(3);
    assertThat(harness.provider.count("apply", "limited")).isEqualTo(3);
  }
}
