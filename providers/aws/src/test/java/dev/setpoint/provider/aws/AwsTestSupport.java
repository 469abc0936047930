package dev.setpoint.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.model.DeletionPolicy;
import dev.setpoint.orchestrator.model.DriftPolicy;
import dev.setpoint.orchestrator.model.ProviderSettings;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.model.SourceLocation;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ResourceHandler;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;

/** Runs handlers against a real moto_server, as the workflow calls them. */
abstract class AwsTestSupport {

  static final String ENV = "dev";

  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  @TempDir Path work;

  AwsProvider provider;
  Ec2Client ec2;
  S3Client s3;

  @BeforeEach
  void startProvider() {
    provider =
        new AwsProvider(Map.of(AwsClients.ENDPOINT_VARIABLE, MOTO.endpoint().toString())::get);
    ec2 = MOTO.ec2();
    s3 = MOTO.s3();
  }

  @AfterEach
  void stopProvider() {
    provider.close();
    ec2.close();
    s3.close();
  }

  ProviderContext context() {
    return context(ENV);
  }

  ProviderContext context(String environment) {
    return new ProviderContext(
        environment,
        null,
        new ProviderSettings("aws", Map.of("region", MotoServer.REGION), null, null),
        null,
        work,
        null);
  }

  /** Reconciles the VPC named "vpc" (10.0.0.0/16) that most tests build in; returns its id. */
  String vpc() {
    return reconcile(spec("vpc", "aws:ec2/Vpc", props("cidrBlock", "10.0.0.0/16")))
        .values()
        .get("id")
        .toString();
  }

  /** The first resource of {@code type} that the provider lists for the test environment. */
  ManagedResource listedOfType(String type) {
    return provider.listManaged(ENV, context()).stream()
        .filter(m -> m.type().equals(type))
        .findFirst()
        .orElseThrow();
  }

  ResourceHandler handler(String type) {
    return provider.handlers().stream()
        .filter(h -> h.type().equals(type))
        .findFirst()
        .orElseThrow();
  }

  static ResourceSpec spec(String name, String type, Map<String, Object> properties) {
    return spec(name, type, properties, false, List.of());
  }

  static ResourceSpec spec(
      String name,
      String type,
      Map<String, Object> properties,
      boolean adopt,
      List<String> dependsOn) {
    return new ResourceSpec(
        new ResourceName(name),
        type,
        properties,
        dependsOn.stream().map(ResourceName::new).toList(),
        DriftPolicy.REVERT,
        DeletionPolicy.DELETE,
        adopt,
        null,
        null,
        false,
        SourceLocation.startOf("setpoint.yaml"));
  }

  static ResourceSpec retained(ResourceSpec spec) {
    return new ResourceSpec(
        spec.name(),
        spec.type(),
        spec.properties(),
        spec.dependsOn(),
        spec.drift(),
        DeletionPolicy.RETAIN,
        spec.adopt(),
        spec.retry(),
        spec.timeout(),
        spec.allowReplace(),
        spec.location());
  }

  /** What the workflow does: observe, refuse the unmanageable, diff, apply unless nothing to do. */
  Outputs reconcile(ResourceSpec spec) {
    return reconcile(spec, context());
  }

  Outputs reconcile(ResourceSpec spec, ProviderContext context) {
    ResourceHandler handler = handler(spec.type());
    Observation observation = handler.observe(spec, context);
    observation.checkManageable(spec);
    Plan plan = handler.diff(spec, observation);
    if (plan.action() == Plan.Action.NONE) {
      return observation.outputs();
    }
    return handler.apply(spec, plan, context);
  }

  Plan plan(ResourceSpec spec) {
    ResourceHandler handler = handler(spec.type());
    Observation observation = handler.observe(spec, context());
    observation.checkManageable(spec);
    return handler.diff(spec, observation);
  }

  static List<String> paths(Plan plan) {
    return plan.changes().stream().map(c -> c.path()).toList();
  }

  static Map<String, Object> props(Object... keyValues) {
    java.util.LinkedHashMap<String, Object> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  static void assertNone(Plan plan) {
    assertThat(plan.action()).as("plan %s", plan).isEqualTo(Plan.Action.NONE);
  }

  static String[] arr(String... s) {
    return Arrays.copyOf(s, s.length);
  }
}
