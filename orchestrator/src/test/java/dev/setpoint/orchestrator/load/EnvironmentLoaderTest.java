package dev.setpoint.orchestrator.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.model.ApprovalPolicy;
import dev.setpoint.orchestrator.model.DeletionPolicy;
import dev.setpoint.orchestrator.model.DriftPolicy;
import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.model.RetrySpec;
import dev.setpoint.orchestrator.model.SourceLocation;
import dev.setpoint.orchestrator.testing.InMemoryTree;
import dev.setpoint.orchestrator.testing.TestSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentLoaderTest {

  private static final InMemoryTree TREE =
      InMemoryTree.of(
          Map.of(
              "envs/dev/environment.yaml",
              """
              apiVersion: setpoint.dev/v1alpha1
              kind: Environment
              metadata:
                name: dev
              spec:
                include: [../base/network.yaml]
                variables:
                  region: eu-west-1
                  zones: [a, b]
                  replicas: 2
                providers:
                  test: {region: "${var.region}", taskQueue: test-dev, retry: {maxAttempts: 5}}
                policy: {drift: report, prune: false, approval: required}
                sync: {interval: 30s, driftInterval: 1h}
                resources:
                  - name: app
                    type: test:Module
                    dependsOn: [net]
                    drift: revert
                    deletionPolicy: retain
                    adopt: true
                    allowReplace: true
                    timeout: 10m
                    retry: {initialInterval: 2s, backoffCoefficient: 1.5}
                    properties:
                      source: ../../modules/app
                      variables:
                        zones: ${var.zones}
                        replicas: ${var.replicas}
                        name: app-${var.region}-${sub.id}
                        literal: $${not.a.reference}
              """,
              "envs/base/network.yaml",
              """
              variables:
                region: us-east-1
                cidr: 10.0.0.0/16
              resources:
                - name: net
                  type: test:net/Network
                  properties: {cidrBlock: "${var.cidr}"}
                - name: sub
                  type: test:net/Subnet
                  properties: {networkId: "${net.id}", cidrBlock: 10.0.1.0/24}
              """,
              "modules/app/main.tf",
              "# a module\n"));

  private final LoadResult result =
      new EnvironmentLoader(TestSchema.registry()).load(TREE, "envs/dev");

  @Test
  void loadsTheWholeDefinition() {
    assertThat(result.errors()).isEmpty();
    EnvironmentDefinition definition = result.definition().orElseThrow();

    assertThat(definition.name()).isEqualTo("dev");
    assertThat(definition.file()).isEqualTo("envs/dev/environment.yaml");
    assertThat(definition.policy().drift()).isEqualTo(DriftPolicy.REPORT);
    assertThat(definition.policy().prune()).isFalse();
    assertThat(definition.policy().approval()).isEqualTo(ApprovalPolicy.REQUIRED);
    assertThat(definition.sync().interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(definition.sync().driftInterval()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void includedResourcesComeFirstAndTheIncludingFilesVariablesWin() {
    EnvironmentDefinition definition = result.definition().orElseThrow();

    assertThat(definition.resources())
        .extracting(r -> r.name().value())
        .containsExactly("net", "sub", "app");
    assertThat(definition.variables())
        .containsEntry("region", "eu-west-1")
        .containsEntry("cidr", "10.0.0.0/16");
    assertThat(definition.resources().get(0).properties())
        .containsEntry("cidrBlock", "10.0.0.0/16");
    assertThat(definition.resources().get(0).location())
        .isEqualTo(new SourceLocation("envs/base/network.yaml", 5, 5));
  }

  @Test
  void variablesAreSubstitutedWithTheirTypesAndOutputsWaitForTheRun() {
    ResourceSpec app = result.definition().orElseThrow().resource(new ResourceName("app")).get();

    assertThat(app.properties().get("variables"))
        .isEqualTo(
            Map.of(
                "zones",
                List.of("a", "b"),
                "replicas",
                2L,
                "name",
                "app-eu-west-1-${sub.id}",
                "literal",
                "$${not.a.reference}"));
    assertThat(app.references()).containsExactly(new ResourceName("sub"));
    assertThat(app.dependsOn()).containsExactly(new ResourceName("net"));
  }

  @Test
  void pathsBecomeRepositoryRelative() {
    ResourceSpec app = result.definition().orElseThrow().resource(new ResourceName("app")).get();

    assertThat(app.properties()).containsEntry("source", "modules/app");
    assertThat(result.sourcePaths())
        .containsExactly("envs/dev/environment.yaml", "envs/base/network.yaml", "modules/app");
  }

  @Test
  void resourceSettingsOverrideTheEnvironmentPolicy() {
    EnvironmentDefinition definition = result.definition().orElseThrow();
    ResourceSpec app = definition.resource(new ResourceName("app")).get();
    ResourceSpec net = definition.resource(new ResourceName("net")).get();

    assertThat(app.drift()).isEqualTo(DriftPolicy.REVERT);
    assertThat(net.drift()).isEqualTo(DriftPolicy.REPORT);
    assertThat(app.deletionPolicy()).isEqualTo(DeletionPolicy.RETAIN);
    assertThat(net.deletionPolicy()).isEqualTo(DeletionPolicy.DELETE);
    assertThat(app.adopt()).isTrue();
    assertThat(app.allowReplace()).isTrue();
    assertThat(app.timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(app.retry()).isEqualTo(new RetrySpec(null, Duration.ofSeconds(2), null, 1.5));
    assertThat(net.retry()).isNull();
  }

  @Test
  void providerSettingsHaveVariablesInTheirTaskQueueAndRetry() {
    var test = result.definition().orElseThrow().provider("test");

    assertThat(test.settings()).containsEntry("region", "eu-west-1");
    assertThat(test.taskQueue()).isEqualTo("test-dev");
    assertThat(test.retry().maxAttempts()).isEqualTo(5);
    assertThat(result.definition().orElseThrow().provider("other").settings()).isEmpty();
  }

  @Test
  void anEnvironmentFileCanBeNamedDirectly() {
    LoadResult direct =
        new EnvironmentLoader(TestSchema.registry()).load(TREE, "./envs/dev/environment.yaml");

    assertThat(direct.valid()).isTrue();
    assertThat(direct.file()).isEqualTo("envs/dev/environment.yaml");
  }
}
