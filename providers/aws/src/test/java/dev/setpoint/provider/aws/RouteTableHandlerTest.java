package dev.setpoint.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Plan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.RouteTable;

class RouteTableHandlerTest extends AwsTestSupport {

  static final String TABLE = "aws:ec2/RouteTable";

  String vpcId;
  String igwId;
  String subnetA;
  String subnetB;

  @BeforeEach
  void network() {
    vpcId = vpc();
    igwId = id(reconcile(spec("igw", "aws:ec2/InternetGateway", props("vpcId", vpcId))));
    subnetA =
        id(
            reconcile(
                spec("a", "aws:ec2/Subnet", props("vpcId", vpcId, "cidrBlock", "10.0.1.0/24"))));
    subnetB =
        id(
            reconcile(
                spec("b", "aws:ec2/Subnet", props("vpcId", vpcId, "cidrBlock", "10.0.2.0/24"))));
  }

  static String id(dev.setpoint.orchestrator.provider.Outputs outputs) {
    return outputs.values().get("id").toString();
  }

  ResourceSpec table(List<String> subnets) {
    return table(subnets, igwId);
  }

  ResourceSpec table(List<String> subnets, String gatewayId) {
    return spec(
        "public",
        TABLE,
        props(
            "vpcId",
            vpcId,
            "routes",
            List.of(Map.of("destinationCidrBlock", "0.0.0.0/0", "gatewayId", gatewayId)),
            "subnetIds",
            subnets));
  }

  RouteTable live(String id) {
    return ec2.describeRouteTables(r -> r.routeTableIds(id)).routeTables().get(0);
  }

  @Test
  void createsRoutesAndAssociationsThenPlansNothing() {
    ResourceSpec spec = table(List.of(subnetB, subnetA));
    String id = id(reconcile(spec));
    RouteTable live = live(id);
    assertThat(RouteTableHandler.routes(live)).isEqualTo(Map.of("0.0.0.0/0", igwId));
    assertThat(RouteTableHandler.associations(live)).containsOnlyKeys(subnetA, subnetB);
    assertNone(plan(spec));

    ResourceSpec fewer = table(List.of(subnetA));
    assertThat(paths(plan(fewer))).containsExactly("subnetIds");
    reconcile(fewer);
    assertThat(RouteTableHandler.associations(live(id))).containsOnlyKeys(subnetA);
    assertNone(plan(fewer));
  }

  @Test
  void routesAndAssociationsAreAuthoritative() {
    ResourceSpec spec = table(List.of(subnetA));
    String id = id(reconcile(spec));
    ec2.createRoute(
        r -> r.routeTableId(id).destinationCidrBlock("192.168.0.0/16").gatewayId(igwId));
    ec2.disassociateRouteTable(
        r -> r.associationId(RouteTableHandler.associations(live(id)).get(subnetA)));

    Plan plan = plan(spec);
    assertThat(plan.action()).isEqualTo(Plan.Action.UPDATE);
    assertThat(paths(plan)).containsExactlyInAnyOrder("routes", "subnetIds");
    reconcile(spec);
    assertThat(RouteTableHandler.routes(live(id))).isEqualTo(Map.of("0.0.0.0/0", igwId));
    assertThat(RouteTableHandler.associations(live(id))).containsOnlyKeys(subnetA);
    assertNone(plan(spec));
  }

  @Test
  void deleteDisassociatesAndIsIdempotent() {
    String id = id(reconcile(table(List.of(subnetA))));
    ManagedResource managed = listedOfType(TABLE);
    assertThat(managed.id()).isEqualTo(id);
    handler(TABLE).delete(managed, context());
    handler(TABLE).delete(managed, context());
    assertThat(
            ec2.describeRouteTables(
                    r -> r.filters(Filter.builder().name("route-table-id").values(id).build()))
                .routeTables())
        .isEmpty();
  }

  @Test
  void aRouteMovedToAnotherGatewayInGitIsReplacedInPlace() {
    String id = id(reconcile(table(List.of(subnetA))));
    // moto routes to a gateway not attached to the VPC; AWS would want it attached first.
    String other = ec2.createInternetGateway(r -> {}).internetGateway().internetGatewayId();
    ResourceSpec moved = table(List.of(subnetA), other);
    assertThat(paths(plan(moved))).allMatch(path -> path.startsWith("routes"));
    ApiCalls.reset();
    reconcile(moved);
    assertThat(ApiCalls.counts())
        .containsEntry("Ec2.ReplaceRoute", 1L)
        .doesNotContainKeys("Ec2.DeleteRoute", "Ec2.CreateRoute");
    assertThat(RouteTableHandler.routes(live(id))).isEqualTo(Map.of("0.0.0.0/0", other));
    assertNone(plan(moved));
  }
}
