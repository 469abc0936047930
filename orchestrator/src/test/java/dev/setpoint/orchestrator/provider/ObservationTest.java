package dev.setpoint.orchestrator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.setpoint.orchestrator.model.DeletionPolicy;
import dev.setpoint.orchestrator.model.DriftPolicy;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.model.SourceLocation;
import dev.setpoint.orchestrator.provider.Observation.Ownership;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservationTest {

  private static ResourceSpec bucket(boolean adopt) {
    return new ResourceSpec(
        new ResourceName("assets"),
        "aws:s3/Bucket",
        Map.of("bucketName", "staging-assets"),
        List.of(),
        DriftPolicy.REVERT,
        DeletionPolicy.DELETE,
        adopt,
        null,
        null,
        false,
        SourceLocation.startOf("environment.yaml"));
  }

  @Test
  void factoriesSetOwnershipAndExistence() {
    assertThat(Observation.absent().ownership()).isEqualTo(Ownership.ABSENT);
    assertThat(Observation.absent().exists()).isFalse();
    assertThat(Observation.managed("b", Map.of(), null).ownership()).isEqualTo(Ownership.MANAGED);
    assertThat(Observation.managed("b", Map.of(), null).exists()).isTrue();
    assertThat(Observation.unmanaged("b", Map.of(), null).ownership())
        .isEqualTo(Ownership.UNMANAGED);
    assertThat(Observation.managedElsewhere("b").ownership())
        .isEqualTo(Ownership.MANAGED_ELSEWHERE);
    assertThat(Observation.managedElsewhere("b").exists()).isTrue();
  }

  @Test
  void missingOutputsAreNone() {
    assertThat(Observation.managed("b", Map.of(), null).outputs()).isEqualTo(Outputs.none());
  }

  @Test
  void anAbsentResourceHasNoState() {
    assertThatThrownBy(() -> new Observation(Ownership.ABSENT, null, Map.of("a", 1), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Observation(Ownership.ABSENT, null, Map.of(), Outputs.of(Map.of("id", "x"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void absentAndManagedResourcesMayBeManaged() {
    assertThatCode(() -> Observation.absent().checkManageable(bucket(false)))
        .doesNotThrowAnyException();
    assertThatCode(() -> Observation.managed("b", Map.of(), null).checkManageable(bucket(false)))
        .doesNotThrowAnyException();
  }

  @Test
  void anUnmarkedMatchIsRefusedWithoutAdopt() {
    var observation = Observation.unmanaged("staging-assets", Map.of(), null);

    assertThatThrownBy(() -> observation.checkManageable(bucket(false)))
        .isInstanceOfSatisfying(
            ProviderException.class,
            failure -> {
              assertThat(failure.kind()).isEqualTo(ProviderException.Kind.INVALID);
              assertThat(failure.retryable()).isFalse();
            })
        .hasMessage(
            "aws:s3/Bucket \"assets\": staging-assets already exists and Setpoint does not manage"
                + " it; set adopt: true to take it over, or give the resource another identity");
  }

  @Test
  void anUnmarkedMatchIsAcceptedWithAdopt() {
    assertThatCode(
            () ->
                Observation.unmanaged("staging-assets", Map.of(), null)
                    .checkManageable(bucket(true)))
        .doesNotThrowAnyException();
  }

  @Test
  void aMatchMarkedForAnotherOwnerIsRefusedEvenWithAdopt() {
    var observation = Observation.managedElsewhere("staging-assets");

    assertThatThrownBy(() -> observation.checkManageable(bucket(true)))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("staging-assets already exists and carries the Setpoint marks");
  }
}
