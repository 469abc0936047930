package dev.setpoint.orchestrator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.setpoint.orchestrator.model.RetrySpec;
import dev.setpoint.orchestrator.testing.TestProvider;
import dev.setpoint.orchestrator.testing.TestProvider.StubHandler;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

  private static TestProvider provider(String name, String... types) {
    return new TestProvider(name, Stream.of(types).<ResourceHandler>map(StubHandler::new).toList());
  }

  @Test
  void loadFindsTheProvidersRegisteredOnTheClassPath() {
    try (var registry = ProviderRegistry.load()) {
      assertThat(registry.providers()).extracting(Provider::name).containsExactly("test");
      assertThat(registry.types()).containsExactly("test:net/Network", "test:net/Subnet");
      assertThat(registry.handler("test:net/Subnet").type()).isEqualTo("test:net/Subnet");
    }
  }

  @Test
  void handlerFindsTheHandlerOfEachType() {
    var aws = provider("aws", "aws:ec2/Vpc", "aws:s3/Bucket");
    var kubernetes = provider("kubernetes", "kubernetes:Manifests");
    var registry = ProviderRegistry.of(aws, kubernetes);

    assertThat(registry.handler("aws:s3/Bucket")).isSameAs(aws.handlers().get(1));
    assertThat(registry.handler("kubernetes:Manifests")).isSameAs(kubernetes.handlers().get(0));
    assertThat(registry.provider("aws")).containsSame(aws);
    assertThat(registry.provider("terraform")).isEmpty();
  }

  @Test
  void anUnknownTypeOfAKnownProviderSuggestsTheClosestType() {
    var registry = ProviderRegistry.of(provider("aws", "aws:ec2/Vpc", "aws:s3/Bucket"));

    assertThatThrownBy(() -> registry.handler("aws:ec2/Vpcc"))
        .isInstanceOfSatisfying(
            ProviderException.class,
            failure -> assertThat(failure.kind()).isEqualTo(ProviderException.Kind.INVALID))
        .hasMessage(
            "provider aws has no resource type \"aws:ec2/Vpcc\" (did you mean \"aws:ec2/Vpc\"?)");
  }

  @Test
  void aTypeOfAMissingProviderNamesTheProvidersPresent() {
    var registry =
        ProviderRegistry.of(
            provider("kubernetes", "kubernetes:Manifests"),
            provider("ansible", "ansible:Playbook"));

    assertThatThrownBy(() -> registry.handler("aws:ec2/Vpc"))
        .isInstanceOf(ProviderException.class)
        .hasMessage(
            "no provider \"aws\" in this process for type \"aws:ec2/Vpc\" (providers here:"
                + " kubernetes, ansible); run a worker that has it");
  }

  @Test
  void anEmptyRegistrySaysSo() {
    assertThatThrownBy(() -> ProviderRegistry.of().handler("aws:ec2/Vpc"))
        .hasMessageContaining("(providers here: none)");
  }

  @Test
  void twoProvidersWithOneNameAreRefused() {
    assertThatThrownBy(
            () ->
                ProviderRegistry.of(
                    provider("aws", "aws:ec2/Vpc"), provider("aws", "aws:s3/Bucket")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("two providers named aws");
  }

  @Test
  void twoHandlersForOneTypeAreRefused() {
    assertThatThrownBy(() -> ProviderRegistry.of(provider("aws", "aws:ec2/Vpc", "aws:ec2/Vpc")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("two handlers for type aws:ec2/Vpc");
  }

  @Test
  void aHandlerOutsideItsProvidersPrefixIsRefused() {
    assertThatThrownBy(() -> ProviderRegistry.of(provider("aws", "kubernetes:Manifests")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("provider aws registers a handler for kubernetes:Manifests");
    assertThatThrownBy(() -> ProviderRegistry.of(provider("aws", "awsx:Thing")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aProviderWithAnIncompleteDefaultRetryIsRefused() {
    var partial =
        new TestProvider("aws", List.of()) {
          @Override
          public RetrySpec defaultRetry() {
            return new RetrySpec(5, Duration.ofSeconds(1), null, 2.0);
          }
        };

    assertThatThrownBy(() -> ProviderRegistry.of(partial))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("provider aws has an incomplete default retry policy");
  }

  @Test
  void closeClosesEveryProviderOnce() {
    var aws = provider("aws", "aws:ec2/Vpc");
    var kubernetes = provider("kubernetes", "kubernetes:Manifests");

    ProviderRegistry.of(aws, kubernetes).close();

    assertThat(aws.timesClosed()).isEqualTo(1);
    assertThat(kubernetes.timesClosed()).isEqualTo(1);
  }

  @Test
  void closeClosesTheOthersWhenOneFails() {
    var failing =
        new TestProvider("aws", List.of()) {
          @Override
          public void close() {
            throw new IllegalStateException("pool stuck");
          }
        };
    var kubernetes = provider("kubernetes", "kubernetes:Manifests");

    assertThatThrownBy(() -> ProviderRegistry.of(failing, kubernetes).close())
        .isInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("pool stuck");
    assertThat(kubernetes.timesClosed()).isEqualTo(1);
  }
}
