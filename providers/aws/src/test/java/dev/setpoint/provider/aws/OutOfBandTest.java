package dev.setpoint.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.Plan;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * For the types whose own tests do not already: a declared tag whose value is removed out of band
 * is drift and written back, and the resource deleted out of band is planned as a create and made
 * again.
 */
class OutOfBandTest extends AwsTestSupport {

  static final Map<String, Object> TAGS = Map.of("team", "net");

  String vpcId;

  @BeforeEach
  void network() {
    vpcId = vpc();
  }

  /** Removes the declared tag, reverts it, deletes the resource, makes it again. */
  void removedTagAndDeletedResourceAreReverted(
      ResourceSpec spec, String output, Consumer<String> untag, Consumer<String> delete) {
    String id = reconcile(spec).values().get(output).toString();
    assertNone(plan(spec));

    untag.accept(id);
    Plan drift = plan(spec);
    assertThat(drift.action()).isEqualTo(Plan.Action.UPDATE);
    assertThat(paths(drift)).containsExactly("tags.team");
    reconcile(spec);
    assertNone(plan(spec));

    delete.accept(id);
    assertThat(plan(spec).action()).isEqualTo(Plan.Action.CREATE);
    assertThat(reconcile(spec).values().get(output)).isNotNull();
    assertNone(plan(spec));
  }

  void untagEc2(String id) {
    ec2.deleteTags(r -> r.resources(id).tags(Tag.builder().key("team").build()));
  }

  @Test
  void internetGateway() {
    removedTagAndDeletedResourceAreReverted(
        spec("igw", "aws:ec2/InternetGateway", props("vpcId", vpcId, "tags", TAGS)),
        "id",
        this::untagEc2,
        id -> {
          ec2.detachInternetGateway(r -> r.internetGatewayId(id).vpcId(vpcId));
          ec2.deleteInternetGateway(r -> r.internetGatewayId(id));
        });
  }

  @Test
  void routeTable() {
    removedTagAndDeletedResourceAreReverted(
        spec("routes", "aws:ec2/RouteTable", props("vpcId", vpcId, "tags", TAGS)),
        "id",
        this::untagEc2,
        id -> ec2.deleteRouteTable(r -> r.routeTableId(id)));
  }

  @Test
  void securityGroup() {
    removedTagAndDeletedResourceAreReverted(
        spec("web", "aws:ec2/SecurityGroup", props("vpcId", vpcId, "tags", TAGS)),
        "id",
        this::untagEc2,
        id -> ec2.deleteSecurityGroup(r -> r.groupId(id)));
  }

  @Test
  void role() {
    try (IamClient iam = MOTO.iam()) {
      removedTagAndDeletedResourceAreReverted(
          spec(
              "role",
              "aws:iam/Role",
              props(
                  "roleName",
                  "oob",
                  "assumeRolePolicy",
                  RoleHandler.parsePolicy(PruneTest.TRUST),
                  "tags",
                  TAGS)),
          "roleName",
          name -> iam.untagRole(r -> r.roleName(name).tagKeys(List.of("team"))),
          name -> iam.deleteRole(r -> r.roleName(name)));
    }
  }
}
