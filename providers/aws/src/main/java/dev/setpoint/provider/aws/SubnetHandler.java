package dev.setpoint.provider.aws;

import dev.setpoint.orchestrator.provider.Change;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** {@code aws:ec2/Subnet}: CreateSubnet, mapPublicIpOnLaunch, tags. */
final class SubnetHandler extends Ec2Handler<Subnet> {

  SubnetHandler(AwsClients clients) {
    super(clients, AwsSchema.subnet());
  }

  @Override
  List<Subnet> describe(Ec2Client ec2, List<Filter> filters) {
    return ec2.describeSubnetsPaginator(r -> r.filters(filters)).subnets().stream().toList();
  }

  @Override
  String idFilter() {
    return "subnet-id";
  }

  @Override
  String id(Subnet live) {
    return live.subnetId();
  }

  @Override
  List<Tag> tags(Subnet live) {
    return live.tags();
  }

  @Override
  ResourceType resourceType() {
    return ResourceType.SUBNET;
  }

  @Override
  Map<String, Object> state(Ec2Client ec2, Subnet live) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("vpcId", live.vpcId());
    state.put("cidrBlock", live.cidrBlock());
    state.put("availabilityZone", live.availabilityZone());
    state.put("mapPublicIpOnLaunch", Boolean.TRUE.equals(live.mapPublicIpOnLaunch()));
    state.put("tags", tagMap(live.tags()));
    return state;
  }

  @Override
  Map<String, Object> outputs(Subnet live) {
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("id", live.subnetId());
    outputs.put("availabilityZone", live.availabilityZone());
    outputs.put("cidrBlock", live.cidrBlock());
    return outputs;
  }

  @Override
  String create(Ec2Client ec2, Map<String, Object> desired, List<TagSpecification> tags) {
    Object zone = desired.get("availabilityZone");
    return ec2.createSubnet(
            r -> {
              r.vpcId(String.valueOf(desired.get("vpcId")))
                  .cidrBlock(String.valueOf(desired.get("cidrBlock")))
                  .tagSpecifications(tags);
              if (zone != null) {
                r.availabilityZone(zone.toString());
              }
            })
        .subnet()
        .subnetId();
  }

  @Override
  void update(
      Ec2Client ec2, Subnet live, Map<String, Object> desired, List<Change> changes, String what) {
    for (Change change : changes) {
      if (change.topLevelProperty().equals("mapPublicIpOnLaunch")) {
        AttributeBooleanValue value =
            AttributeBooleanValue.builder().value(Boolean.TRUE.equals(change.after())).build();
        AwsErrors.run(
            "setting mapPublicIpOnLaunch of " + what,
            () ->
                ec2.modifySubnetAttribute(
                    r -> r.subnetId(live.subnetId()).mapPublicIpOnLaunch(value)));
      }
    }
  }

  @Override
  void deleteById(Ec2Client ec2, String id) {
    ec2.deleteSubnet(r -> r.subnetId(id));
  }
}
