package dev.setpoint.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ResourceHandler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

class VpcHandlerTest extends AwsTestSupport {

  static final String VPC = "aws:ec2/Vpc";

  ResourceSpec vpc(Map<String, Object> properties) {
    return spec("vpc", VPC, properties);
  }

  List<Vpc> managedVpcs() {
    return ec2.describeVpcs(
            r ->
                r.filters(
                    Filter.builder().name("tag:setpoint:environment").values(ENV).build(),
                    Filter.builder().name("tag:setpoint:resource").values("vpc").build()))
        .vpcs();
  }

  boolean dnsHostnames(String id) {
    return ec2.describeVpcAttribute(
            r -> r.vpcId(id).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES))
        .enableDnsHostnames()
        .value();
  }

  boolean dnsSupport(String id) {
    return ec2.describeVpcAttribute(r -> r.vpcId(id).attribute(VpcAttributeName.ENABLE_DNS_SUPPORT))
        .enableDnsSupport()
        .value();
  }

  @Test
  void createsWithMarksAndAttributesThenPlansNothing() {
    ResourceSpec spec =
        vpc(
            props(
                "cidrBlock",
                "10.0.0.0/16",
                "enableDnsHostnames",
                true,
                "tags",
                Map.of("team", "net")));
    assertThat(plan(spec).action()).isEqualTo(Plan.Action.CREATE);

    Outputs outputs = reconcile(spec);

    List<Vpc> vpcs = managedVpcs();
    assertThat(vpcs).hasSize(1);
    Vpc live = vpcs.get(0);
    assertThat(outputs.values()).isEqualTo(Map.of("id", live.vpcId(), "cidrBlock", "10.0.0.0/16"));
    assertThat(live.cidrBlock()).isEqualTo("10.0.0.0/16");
    assertThat(Ec2Handler.tagMap(live.tags()))
        .containsEntry("team", "net")
        .containsEntry("setpoint:environment", ENV)
        .containsEntry("setpoint:resource", "vpc");
    assertThat(dnsHostnames(live.vpcId())).isTrue();
    assertThat(dnsSupport(live.vpcId())).isTrue();
    assertNone(plan(spec));
  }

  @Test
  void updatesAMutablePropertyInPlace() {
    ResourceSpec spec = vpc(props("cidrBlock", "10.0.0.0/16"));
    String id = reconcile(spec).values().get("id").toString();
    assertThat(dnsHostnames(id)).isFalse();

    ResourceSpec changed = vpc(props("cidrBlock", "10.0.0.0/16", "enableDnsHostnames", true));
    Plan plan = plan(changed);
    assertThat(plan.action()).isEqualTo(Plan.Action.UPDATE);
    assertThat(paths(plan)).containsExactly("enableDnsHostnames");

    assertThat(reconcile(changed).values().get("id")).isEqualTo(id);
    assertThat(dnsHostnames(id)).isTrue();
    assertNone(plan(changed));
    assertThat(managedVpcs()).hasSize(1);
  }

  @Test
  void driftInAnAttributeIsDetectedAndReverted() {
    ResourceSpec spec = vpc(props("cidrBlock", "10.0.0.0/16"));
    String id = reconcile(spec).values().get("id").toString();
    ec2.modifyVpcAttribute(
        r -> r.vpcId(id).enableDnsSupport(AttributeBooleanValue.builder().value(false).build()));

    Plan plan = plan(spec);
    assertThat(plan.action()).isEqualTo(Plan.Action.UPDATE);
    assertThat(paths(plan)).containsExactly("enableDnsSupport");
    reconcile(spec);
    assertThat(dnsSupport(id)).isTrue();
    assertNone(plan(spec));
  }

  @Test
  void driftInADeclaredTagIsRevertedAndUndeclaredTagsAreLeftAlone() {
    ResourceSpec spec = vpc(props("cidrBlock", "10.0.0.0/16", "tags", Map.of("team", "net")));
    String id = reconcile(spec).values().get("id").toString();
    ec2.deleteTags(r -> r.resources(id).tags(Tag.builder().key("team").build()));
    ec2.createTags(r -> r.resources(id).tags(Tag.builder().key("owner").value("someone").build()));

    Plan plan = plan(spec);
    assertThat(plan.action()).isEqualTo(Plan.Action.UPDATE);
    assertThat(paths(plan)).containsExactly("tags.team");
    reconcile(spec);
    Map<String, String> tags = Ec2Handler.tagMap(managedVpcs().get(0).tags());
    assertThat(tags).containsEntry("team", "net").containsEntry("owner", "someone");
    assertNone(plan(spec));
  }

  @Test
  void aVpcDeletedOutOfBandIsMadeAgain() {
    ResourceSpec spec = vpc(props("cidrBlock", "10.0.0.0/16"));
    String id = reconcile(spec).values().get("id").toString();
    ec2.deleteVpc(r -> r.vpcId(id));

    assertThat(handler(VPC).observe(spec, context()).ownership())
        .isEqualTo(Observation.Ownership.ABSENT);
    assertThat(plan(spec).action()).isEqualTo(Plan.Action.CREATE);
    String again = reconcile(spec).values().get("id").toString();
    assertThat(again).isNotEqualTo(id);
    assertThat(managedVpcs()).extracting(Vpc::vpcId).containsExactly(again);
  }

  @Test
  void aCidrChangeIsAReplacement() {
    reconcile(vpc(props("cidrBlock", "10.0.0.0/16")));
    Plan plan = plan(vpc(props("cidrBlock", "10.1.0.0/16")));
    assertThat(plan.action()).isEqualTo(Plan.Action.REPLACE);
    assertThat(plan.reason()).contains("cidrBlock");
  }

  @Test
  void applyRepeatedAfterACrashLeavesExactlyOneVpc() {
    ResourceSpec spec = vpc(props("cidrBlock", "10.0.0.0/16"));
    ResourceHandler handler = handler(VPC);
    Plan plan = handler.diff(spec, handler.observe(spec, context()));
    assertThat(plan.action()).isEqualTo(Plan.Action.CREATE);

    Outputs first = handler.apply(spec, plan, context());
    // The worker "crashed" before recording the result: the retry runs the same step again.
    Outputs second = handler.apply(spec, plan, context());

    assertThat(second.values()).isEqualTo(first.values());
    assertThat(managedVpcs()).hasSize(1);
  }

  @Test
  void deleteIsIdempotentAndListManagedFindsTheEnvironmentsVpcs() {
    ResourceSpec spec =
        retained(spec("vpc", VPC, props("cidrBlock", "10.0.0.0/16"), false, List.of("other", "x")));
    String id = reconcile(spec).values().get("id").toString();
    reconcile(spec("vpc", VPC, props("cidrBlock", "10.9.0.0/16")), context("prod"));

    List<ManagedResource> managed = provider.listManaged(ENV, context());
    assertThat(managed)
        .containsExactly(
            new ManagedResource(
                ENV,
                "vpc",
                VPC,
                id,
                Map.of(
                    "setpoint.dev/depends-on", "other,x",
                    "setpoint.dev/deletion-policy", "retain")));

    handler(VPC).delete(managed.get(0), context());
    handler(VPC).delete(managed.get(0), context());
    assertThat(managedVpcs()).isEmpty();
    assertThat(provider.listManaged(ENV, context())).isEmpty();
    assertThat(provider.listManaged("prod", context())).hasSize(1);
  }
}
