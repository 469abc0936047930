package dev.setpoint.orchestrator.load;

import static dev.setpoint.orchestrator.schema.PropertySchema.optional;
import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.graph.DependencyGraph;
import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.schema.PropertySchema;
import dev.setpoint.orchestrator.schema.PropertyType;
import dev.setpoint.orchestrator.schema.ProviderSchema;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import dev.setpoint.orchestrator.testing.InMemoryTree;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** References inside the files a path names (Kubernetes manifests) order the graph too. */
class FileReferencesTest {

  /** A type like kubernetes:Manifests: its path's files may hold references. */
  static final class FilesSchema implements ProviderSchema {
    @Override
    public String provider() {
      return "files";
    }

    @Override
    public List<PropertySchema> settings() {
      return List.of();
    }

    @Override
    public List<ResourceTypeSchema> resourceTypes() {
      return List.of(
          ResourceTypeSchema.builder("files:Manifests")
              .property(optional("path", PropertyType.PATH, "Files."))
              .outputs("objects")
              .referencesInFiles("path")
              .build(),
          ResourceTypeSchema.builder("files:Bucket")
              .property(optional("bucketName", PropertyType.STRING, "Name."))
              .outputs("bucketName", "arn")
              .build());
    }
  }

  static final String ENVIRONMENT =
      """
      apiVersion: setpoint.dev/v1alpha1
      kind: Environment
      metadata: {name: dev}
      spec:
        variables: {region: eu-west-1}
        resources:
          - name: app
            type: files:Manifests
            properties: {path: ../../k8s/app}
          - name: bucket
            type: files:Bucket
            properties: {bucketName: assets}
      """;

  static LoadResult load(Map<String, String> files) {
    return new EnvironmentLoader(SchemaRegistry.of(new FilesSchema()))
        .load(InMemoryTree.of(files), "envs/dev");
  }

  @Test
  void referencesInTheFilesBecomeEdgesAndReachTheHandler() {
    LoadResult result =
        load(
            Map.of(
                "envs/dev/environment.yaml",
                ENVIRONMENT,
                "k8s/app/config.yaml",
                """
                # The ${...} references are Setpoint's: comments are not scanned.
                kind: ConfigMap
                data:
                  bucket: ${bucket.bucketName}
                  region: ${var.region}
                  literal: $${HOME}
                """,
                "k8s/app/README.md",
                "not read: ${nothing.here}"));

    assertThat(result.errors()).isEmpty();
    EnvironmentDefinition definition = result.definition().orElseThrow();
    ResourceSpec app = definition.resource(new ResourceName("app")).orElseThrow();
    assertThat(app.properties().get(ResourceTypeSchema.FILE_REFERENCES))
        .isEqualTo(Map.of("bucket.bucketName", "${bucket.bucketName}", "var.region", "eu-west-1"));
    assertThat(app.references()).containsExactly(new ResourceName("bucket"));
    assertThat(DependencyGraph.of(definition.resources()).layers())
        .containsExactly(List.of(new ResourceName("bucket")), List.of(new ResourceName("app")));
    assertThat(result.sourcePaths()).contains("k8s/app/config.yaml");
  }

  @Test
  void unknownResourcesOutputsAndVariablesInFilesAreReportedWhereTheyAre() {
    LoadResult result =
        load(
            Map.of(
                "envs/dev/environment.yaml",
                ENVIRONMENT,
                "k8s/app/config.yaml",
                """
                data:
                  a: ${buckett.bucketName}
                  b: ${bucket.nam}
                  c: ${var.regoin}
                """));

    assertThat(result.errors())
        .extracting(Diagnostic::toString)
        .containsExactly(
            "k8s/app/config.yaml:2:6: error: unknown resource \"buckett\" in reference"
                + " ${buckett.bucketName} (did you mean \"bucket\"?)",
            "k8s/app/config.yaml:3:6: error: resource \"bucket\" (files:Bucket) has no output"
                + " \"nam\"; its outputs: bucketName, arn",
            "k8s/app/config.yaml:4:6: error: unknown variable \"regoin\" (did you mean"
                + " \"region\"?)");
  }
}
