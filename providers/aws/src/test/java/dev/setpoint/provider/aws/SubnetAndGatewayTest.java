package dev.setpoint.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ProviderException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;

class SubnetAndGatewayTest extends AwsTestSupport {

  static final String SUBNET = "aws:ec2/Subnet";
  static final String IGW = "aws:ec2/InternetGateway";

  String vpcId;

  @BeforeEach
  void network() {
    vpcId = vpc();
  }

  ResourceSpec subnet(Object... more) {
    Map<String, Object> properties = props(more);
    properties.put("vpcId", vpcId);
    properties.putIfAbsent("cidrBlock", "10.0.1.0/24");
    return spec("subnet-a", SUBNET, properties, false, List.of("vpc"));
  }

  Subnet liveSubnet(String id) {
    return ec2.describeSubnets(r -> r.subnetIds(id)).subnets().get(0);
  }

  List<Subnet> managedSubnets() {
    return ec2.describeSubnets(
            r ->
                r.filters(
                    Filter.builder().name("tag:setpoint:resource").values("subnet-a").build()))
        .subnets();
  }

  @Test
  void subnetCreateNoOpUpdateAndReplace() {
    ResourceSpec spec = subnet("availabilityZone", "us-east-1a", "tags", Map.of("tier", "public"));
    Map<String, Object> outputs = reconcile(spec).values();
    String id = outputs.get("id").toString();
    assertThat(outputs)
        .isEqualTo(Map.of("id", id, "availabilityZone", "us-east-1a", "cidrBlock", "10.0.1.0/24"));
    Subnet live = liveSubnet(id);
    assertThat(live.vpcId()).isEqualTo(vpcId);
    assertThat(live.mapPublicIpOnLaunch()).isFalse();
    assertThat(Ec2Handler.tagMap(live.tags()))
        .containsEntry("tier", "public")
        .containsEntry("setpoint:depends-on", "vpc");
    assertNone(plan(spec));

    ResourceSpec publicIps =
        subnet(
            "availabilityZone",
            "us-east-1a",
            "mapPublicIpOnLaunch",
            true,
            "tags",
            Map.of("tier", "public"));
    assertThat(paths(plan(publicIps))).containsExactly("mapPublicIpOnLaunch");
    reconcile(publicIps);
    assertThat(liveSubnet(id).mapPublicIpOnLaunch()).isTrue();
    assertNone(plan(publicIps));

    Plan move =
        plan(
            subnet(
                "availabilityZone",
                "us-east-1b",
                "mapPublicIpOnLaunch",
                true,
                "tags",
                Map.of("tier", "public")));
    assertThat(move.action()).isEqualTo(Plan.Action.REPLACE);
    assertThat(move.reason()).contains("availabilityZone");
  }

  @Test
  void subnetDriftIsDetectedAndRevertedAndDeleteIsIdempotent() {
    ResourceSpec spec = subnet("tags", Map.of("tier", "public"));
    String id = reconcile(spec).values().get("id").toString();
    ec2.modifySubnetAttribute(
        r ->
            r.subnetId(id)
                .mapPublicIpOnLaunch(AttributeBooleanValue.builder().value(true).build()));
    ec2.createTags(r -> r.resources(id).tags(Tag.builder().key("tier").value("private").build()));

    Plan plan = plan(spec);
    assertThat(plan.action()).isEqualTo(Plan.Action.UPDATE);
    assertThat(paths(plan)).containsExactlyInAnyOrder("mapPublicIpOnLaunch", "tags.tier");
    reconcile(spec);
    assertThat(liveSubnet(id).mapPublicIpOnLaunch()).isFalse();
    assertThat(Ec2Handler.tagMap(liveSubnet(id).tags())).containsEntry("tier", "public");
    assertNone(plan(spec));

    List<ManagedResource> listed =
        provider.listManaged(ENV, context()).stream().filter(m -> m.type().equals(SUBNET)).toList();
    assertThat(listed)
        .containsExactly(
            new ManagedResource(
                ENV, "subnet-a", SUBNET, id, Map.of("setpoint.dev/depends-on", "vpc")));
    handler(SUBNET).delete(listed.get(0), context());
    handler(SUBNET).delete(listed.get(0), context());
    assertThat(managedSubnets()).isEmpty();
    assertThat(plan(spec).action()).isEqualTo(Plan.Action.CREATE);
  }

  InternetGateway liveGateway(String id) {
    return ec2.describeInternetGateways(r -> r.internetGatewayIds(id)).internetGateways().get(0);
  }

  @Test
  void gatewayIsAttachedAndADetachmentIsDrift() {
    ResourceSpec spec = spec("igw", IGW, props("vpcId", vpcId), false, List.of("vpc"));
    String id = reconcile(spec).values().get("id").toString();
    assertThat(id).startsWith("igw-");
    assertThat(InternetGatewayHandler.attachedVpc(liveGateway(id))).isEqualTo(vpcId);
    assertNone(plan(spec));

    ec2.detachInternetGateway(r -> r.internetGatewayId(id).vpcId(vpcId));
    Plan plan = plan(spec);
    assertThat(plan.action()).isEqualTo(Plan.Action.UPDATE);
    assertThat(paths(plan)).containsExactly("vpcId");
    reconcile(spec);
    assertThat(InternetGatewayHandler.attachedVpc(liveGateway(id))).isEqualTo(vpcId);
    assertNone(plan(spec));
  }

  @Test
  void gatewayDeleteDetachesFirstAndIsIdempotent() {
    ResourceSpec spec = spec("igw", IGW, props("vpcId", vpcId), false, List.of("vpc"));
    String id = reconcile(spec).values().get("id").toString();

    // moto lets a VPC with an attached gateway go (AWS does not); a VPC with a subnet it refuses
    // with DependencyViolation, which the workflow retries.
    String subnetId =
        ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.9.0/24")).subnet().subnetId();
    ManagedResource vpc =
        provider.listManaged(ENV, context()).stream()
            .filter(m -> m.name().equals("vpc"))
            .findFirst()
            .orElseThrow();
    assertThatThrownBy(() -> handler("aws:ec2/Vpc").delete(vpc, context()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProviderException.Kind.TRANSIENT);
              assertThat(e.getMessage()).contains("DependencyViolation").contains(vpcId);
            });
    ec2.deleteSubnet(r -> r.subnetId(subnetId));

    ManagedResource gateway = listedOfType(IGW);
    assertThat(gateway.id()).isEqualTo(id);
    handler(IGW).delete(gateway, context());
    handler(IGW).delete(gateway, context());
    assertThat(
            ec2.describeInternetGateways(
                    r -> r.filters(Filter.builder().name("internet-gateway-id").values(id).build()))
                .internetGateways())
        .isEmpty();
    handler("aws:ec2/Vpc").delete(vpc, context());
    assertThat(provider.listManaged(ENV, context())).isEmpty();
  }

  @Test
  void aSubnetDeletedOutOfBandIsMadeAgain() {
    String id = reconcile(subnet()).values().get("id").toString();
    ec2.deleteSubnet(r -> r.subnetId(id));
    assertThat(plan(subnet()).action()).isEqualTo(Plan.Action.CREATE);
    String again = reconcile(subnet()).values().get("id").toString();
    assertThat(again).isNotEqualTo(id);
    assertThat(managedSubnets()).extracting(Subnet::subnetId).containsExactly(again);
    assertNone(plan(subnet()));
  }

  @Test
  void aGatewayMovesToTheVpcGitNames() {
    ResourceSpec spec = spec("igw", IGW, props("vpcId", vpcId), false, List.of("vpc"));
    String id = reconcile(spec).values().get("id").toString();
    String other =
        reconcile(spec("vpc-2", "aws:ec2/Vpc", props("cidrBlock", "10.1.0.0/16")))
            .values()
            .get("id")
            .toString();
    ResourceSpec moved = spec("igw", IGW, props("vpcId", other), false, List.of("vpc-2"));
    Plan plan = plan(moved);
    assertThat(plan.action()).isEqualTo(Plan.Action.UPDATE);
    assertThat(paths(plan)).containsExactly("vpcId");
    assertThat(reconcile(moved).values().get("id")).isEqualTo(id);
    assertThat(liveGateway(id).attachments()).extracting(a -> a.vpcId()).containsExactly(other);
    assertNone(plan(moved));
  }
}
