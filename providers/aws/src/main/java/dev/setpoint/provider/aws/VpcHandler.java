package dev.setpoint.provider.aws;

import dev.setpoint.orchestrator.provider.Change;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

/** {@code aws:ec2/Vpc}: CreateVpc, the two DNS attributes, tags. */
final class VpcHandler extends Ec2Handler<Vpc> {

  VpcHandler(AwsClients clients) {
    super(clients, AwsSchema.vpc());
  }

  @Override
  List<Vpc> describe(Ec2Client ec2, List<Filter> filters) {
    return ec2.describeVpcsPaginator(r -> r.filters(filters)).vpcs().stream().toList();
  }

  @Override
  String idFilter() {
    return "vpc-id";
  }

  @Override
  String id(Vpc live) {
    return live.vpcId();
  }

  @Override
  List<Tag> tags(Vpc live) {
    return live.tags();
  }

  @Override
  ResourceType resourceType() {
    return ResourceType.VPC;
  }

  @Override
  Map<String, Object> state(Ec2Client ec2, Vpc live) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("cidrBlock", live.cidrBlock());
    state.put(
        "enableDnsSupport",
        ec2.describeVpcAttribute(
                r -> r.vpcId(live.vpcId()).attribute(VpcAttributeName.ENABLE_DNS_SUPPORT))
            .enableDnsSupport()
            .value());
    state.put(
        "enableDnsHostnames",
        ec2.describeVpcAttribute(
                r -> r.vpcId(live.vpcId()).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES))
            .enableDnsHostnames()
            .value());
    state.put("tags", tagMap(live.tags()));
    return state;
  }

  @Override
  Map<String, Object> outputs(Vpc live) {
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("id", live.vpcId());
    outputs.put("cidrBlock", live.cidrBlock());
    return outputs;
  }

  @Override
  String create(Ec2Client ec2, Map<String, Object> desired, List<TagSpecification> tags) {
    return ec2.createVpc(
            r -> r.cidrBlock(String.valueOf(desired.get("cidrBlock"))).tagSpecifications(tags))
        .vpc()
        .vpcId();
  }

  @Override
  void update(
      Ec2Client ec2, Vpc live, Map<String, Object> desired, List<Change> changes, String what) {
    for (Change change : changes) {
      boolean value = Boolean.TRUE.equals(change.after());
      AttributeBooleanValue attribute = AttributeBooleanValue.builder().value(value).build();
      String step = "setting " + change.topLevelProperty() + " of " + what;
      switch (change.topLevelProperty()) {
        case "enableDnsSupport" ->
            AwsErrors.run(
                step,
                () ->
                    ec2.modifyVpcAttribute(r -> r.vpcId(live.vpcId()).enableDnsSupport(attribute)));
        case "enableDnsHostnames" ->
            AwsErrors.run(
                step,
                () ->
                    ec2.modifyVpcAttribute(
                        r -> r.vpcId(live.vpcId()).enableDnsHostnames(attribute)));
        default -> {
          // cidrBlock is immutable: the plan replaces the VPC instead.
        }
      }
    }
  }

  @Override
  void deleteById(Ec2Client ec2, String id) {
    ec2.deleteVpc(r -> r.vpcId(id));
  }
}
