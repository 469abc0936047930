package dev.setpoint.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ProviderException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

class SecurityGroupHandlerTest extends AwsTestSupport {

  static final String SG = "aws:ec2/SecurityGroup";

  String vpcId;

  @BeforeEach
  void network() {
    vpcId = vpc();
  }

  static Map<String, Object> rule(String protocol, int from, int to, String... cidrs) {
    return props(
        "protocol", protocol, "fromPort", from, "toPort", to, "cidrBlocks", List.of(cidrs));
  }

  ResourceSpec web(boolean adopt, List<Map<String, Object>> ingress) {
    return spec(
        "web",
        SG,
        props(
            "vpcId",
            vpcId,
            "ingress",
            ingress,
            "egress",
            List.of(rule("tcp", 443, 443, "0.0.0.0/0"))),
        adopt,
        List.of("vpc"));
  }

  SecurityGroup live(String id) {
    return ec2.describeSecurityGroups(r -> r.groupIds(id)).securityGroups().get(0);
  }

  @Test
  void createsWithRulesThenPlansNothingAndUpdatesRules() {
    ResourceSpec spec =
        web(false, List.of(rule("tcp", 80, 80, "10.0.0.0/8"), rule("tcp", 443, 443, "10.0.0.0/8")));
    Map<String, Object> outputs = reconcile(spec).values();
    String id = outputs.get("id").toString();
    assertThat(outputs.get("groupName")).isEqualTo("dev-web");
    SecurityGroup live = live(id);
    assertThat(live.groupName()).isEqualTo("dev-web");
    assertThat(SecurityGroupHandler.rules(live.ipPermissions()))
        .extracting(r -> r.get("fromPort"))
        .containsExactlyInAnyOrder(80, 443);
    assertThat(SecurityGroupHandler.rules(live.ipPermissionsEgress()))
        .containsExactly(SecurityGroupHandler.rule("tcp", 443, 443, List.of("0.0.0.0/0")));
    assertNone(plan(spec));

    ResourceSpec narrower =
        web(false, List.of(rule("tcp", 443, 443, "10.0.0.0/8", "192.168.0.0/16")));
    assertThat(paths(plan(narrower))).containsExactly("ingress");
    reconcile(narrower);
    assertThat(SecurityGroupHandler.rules(live(id).ipPermissions()))
        .containsExactly(
            SecurityGroupHandler.rule("tcp", 443, 443, List.of("10.0.0.0/8", "192.168.0.0/16")));
    assertNone(plan(narrower));
  }

  @Test
  void aRuleAddedOutOfBandIsRevoked() {
    ResourceSpec spec = web(false, List.of(rule("tcp", 443, 443, "10.0.0.0/8")));
    String id = reconcile(spec).values().get("id").toString();
    ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(id)
                .ipPermissions(
                    IpPermission.builder()
                        .ipProtocol("tcp")
                        .fromPort(22)
                        .toPort(22)
                        .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build())
                        .build()));
    Plan plan = plan(spec);
    assertThat(plan.action()).isEqualTo(Plan.Action.UPDATE);
    assertThat(paths(plan)).containsExactly("ingress");
    reconcile(spec);
    assertThat(SecurityGroupHandler.rules(live(id).ipPermissions()))
        .containsExactly(SecurityGroupHandler.rule("tcp", 443, 443, List.of("10.0.0.0/8")));
    assertNone(plan(spec));
  }

  @Test
  void anUnmarkedGroupOfTheSameNameIsRefusedUnlessAdopted() {
    String id =
        ec2.createSecurityGroup(
                r -> r.vpcId(vpcId).groupName("dev-web").description("made by hand"))
            .groupId();
    ResourceSpec spec = web(false, List.of(rule("tcp", 443, 443, "10.0.0.0/8")));
    assertThat(handler(SG).observe(spec, context()).ownership())
        .isEqualTo(Observation.Ownership.UNMANAGED);
    assertThatThrownBy(() -> reconcile(spec))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.getMessage()).contains("adopt: true"));

    ResourceSpec adopt = web(true, List.of(rule("tcp", 443, 443, "10.0.0.0/8")));
    assertThat(reconcile(adopt).values().get("id")).isEqualTo(id);
    assertThat(handler(SG).observe(spec, context()).ownership())
        .isEqualTo(Observation.Ownership.MANAGED);
    assertNone(plan(spec));
  }

  @Test
  void deleteIsIdempotent() {
    String id = reconcile(web(false, List.of())).values().get("id").toString();
    ManagedResource managed = listedOfType(SG);
    assertThat(managed.id()).isEqualTo(id);
    handler(SG).delete(managed, context());
    handler(SG).delete(managed, context());
    assertThat(
            ec2.describeSecurityGroups(
                    r -> r.filters(Filter.builder().name("group-id").values(id).build()))
                .securityGroups())
        .isEmpty();
  }

  @Test
  void addingOrRemovingOneCidrTouchesOnlyThatCidr() {
    ResourceSpec spec = web(false, List.of(rule("tcp", 443, 443, "10.0.0.0/8")));
    String id = reconcile(spec).values().get("id").toString();

    ResourceSpec wider = web(false, List.of(rule("tcp", 443, 443, "10.0.0.0/8", "192.168.0.0/16")));
    ApiCalls.reset();
    reconcile(wider);
    assertThat(ApiCalls.counts())
        .doesNotContainKey("Ec2.RevokeSecurityGroupIngress")
        .containsEntry("Ec2.AuthorizeSecurityGroupIngress", 1L);
    assertThat(SecurityGroupHandler.rules(live(id).ipPermissions()))
        .containsExactly(
            SecurityGroupHandler.rule("tcp", 443, 443, List.of("10.0.0.0/8", "192.168.0.0/16")));

    ApiCalls.reset();
    reconcile(spec);
    assertThat(ApiCalls.counts())
        .containsEntry("Ec2.RevokeSecurityGroupIngress", 1L)
        .doesNotContainKey("Ec2.AuthorizeSecurityGroupIngress");
    assertThat(SecurityGroupHandler.rules(live(id).ipPermissions()))
        .containsExactly(SecurityGroupHandler.rule("tcp", 443, 443, List.of("10.0.0.0/8")));
    assertNone(plan(spec));
  }

  @Test
  void egressIsUpdatedThroughGitAndMinimally() {
    ResourceSpec spec = web(false, List.of(rule("tcp", 443, 443, "10.0.0.0/8")));
    String id = reconcile(spec).values().get("id").toString();
    Map<String, Object> properties = new java.util.LinkedHashMap<>(spec.properties());
    properties.put(
        "egress", List.of(rule("tcp", 443, 443, "0.0.0.0/0"), rule("udp", 53, 53, "10.0.0.2/32")));
    ResourceSpec moreEgress = spec("web", SG, properties, false, List.of("vpc"));
    assertThat(paths(plan(moreEgress))).allMatch(path -> path.startsWith("egress"));
    ApiCalls.reset();
    reconcile(moreEgress);
    assertThat(ApiCalls.counts())
        .doesNotContainKey("Ec2.RevokeSecurityGroupEgress")
        .containsEntry("Ec2.AuthorizeSecurityGroupEgress", 1L);
    assertThat(SecurityGroupHandler.rules(live(id).ipPermissionsEgress()))
        .containsExactly(
            SecurityGroupHandler.rule("tcp", 443, 443, List.of("0.0.0.0/0")),
            SecurityGroupHandler.rule("udp", 53, 53, List.of("10.0.0.2/32")));
    assertNone(plan(moreEgress));
  }

  @Test
  void aMalformedCidrInARuleUpdateFailsAsInvalidInOneLineNamingTheGroupAndTheField() {
    ResourceSpec spec = web(false, List.of(rule("tcp", 443, 443, "10.0.0.0/8")));
    String id = reconcile(spec).values().get("id").toString();

    ResourceSpec malformed = web(false, List.of(rule("tcp", 443, 443, "10.0.0.0/8", "10.0.0.1")));
    assertThatThrownBy(() -> reconcile(malformed))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProviderException.Kind.INVALID);
              assertThat(e.getMessage())
                  .startsWith(
                      "authorizing ingress rules [tcp/443-443 10.0.0.1] of aws:ec2/SecurityGroup"
                          + " \"web\" "
                          + id
                          + ": InvalidParameterValue")
                  .doesNotContain("\n");
            });
    assertThat(SecurityGroupHandler.rules(live(id).ipPermissions()))
        .containsExactly(SecurityGroupHandler.rule("tcp", 443, 443, List.of("10.0.0.0/8")));
  }
}
