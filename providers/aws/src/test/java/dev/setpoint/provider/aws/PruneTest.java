package dev.setpoint.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.ProviderException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What prune relies on, for a whole network: {@code listManaged} finds every type by the
 * environment's marks with what prune needs recorded, and deleting in reverse dependency order
 * removes everything (detaching and disassociating first) while a delete out of order is a retried
 * {@code DependencyViolation}.
 */
class PruneTest extends AwsTestSupport {

  static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
          + "{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

  static String id(ResourceSpec spec, AwsTestSupport test) {
    return test.reconcile(spec).values().get("id").toString();
  }

  @Test
  void everyTypeIsListedAndDeletedInReverseOrderAndOutOfOrderIsATransientDependencyViolation() {
    String vpc = vpc();
    String igw =
        id(
            spec("igw", "aws:ec2/InternetGateway", props("vpcId", vpc), false, List.of("vpc")),
            this);
    String subnet =
        id(
            spec(
                "subnet",
                "aws:ec2/Subnet",
                props("vpcId", vpc, "cidrBlock", "10.0.1.0/24"),
                false,
                List.of("vpc")),
            this);
    reconcile(
        spec(
            "routes",
            "aws:ec2/RouteTable",
            props(
                "vpcId",
                vpc,
                "routes",
                List.of(Map.of("destinationCidrBlock", "0.0.0.0/0", "gatewayId", igw)),
                "subnetIds",
                List.of(subnet)),
            false,
            List.of("vpc", "igw", "subnet")));
    reconcile(spec("web", "aws:ec2/SecurityGroup", props("vpcId", vpc), false, List.of("vpc")));
    reconcile(spec("assets", "aws:s3/Bucket", props("bucketName", "prune-assets")));
    reconcile(
        spec(
            "role",
            "aws:iam/Role",
            props("roleName", "prune-role", "assumeRolePolicy", RoleHandler.parsePolicy(TRUST))));

    Map<String, ManagedResource> listed =
        provider.listManaged(ENV, context()).stream()
            .collect(Collectors.toMap(ManagedResource::name, m -> m));
    assertThat(listed).containsOnlyKeys("vpc", "igw", "subnet", "routes", "web", "assets", "role");
    assertThat(listed.get("routes").attributes())
        .containsEntry("setpoint.dev/depends-on", "vpc,igw,subnet");
    assertThat(listed.get("vpc").id()).isEqualTo(vpc);
    assertThat(provider.listManaged("another", context())).isEmpty();

    // Out of order: the VPC still holds its subnet, gateway, table and group.
    assertThatThrownBy(() -> handler("aws:ec2/Vpc").delete(listed.get("vpc"), context()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProviderException.Kind.TRANSIENT);
              assertThat(e.getMessage()).contains("\"vpc\"").contains("DependencyViolation");
            });

    for (String name : List.of("role", "assets", "web", "routes", "subnet", "igw", "vpc")) {
      ManagedResource managed = listed.get(name);
      handler(managed.type()).delete(managed, context());
      handler(managed.type()).delete(managed, context()); // again, as after a crash: no failure
    }
    assertThat(provider.listManaged(ENV, context())).isEmpty();
    assertThat(
            ec2.describeVpcs(
                    r ->
                        r.filters(
                            software.amazon.awssdk.services.ec2.model.Filter.builder()
                                .name("vpc-id")
                                .values(vpc)
                                .build()))
                .vpcs())
        .isEmpty();
    assertThat(
            handler("aws:ec2/Vpc")
                .observe(spec("vpc", "aws:ec2/Vpc", props("cidrBlock", "10.0.0.0/16")), context())
                .ownership())
        .isEqualTo(Observation.Ownership.ABSENT);
  }
}
