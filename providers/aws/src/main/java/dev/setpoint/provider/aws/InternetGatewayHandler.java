package dev.setpoint.provider.aws;

import dev.setpoint.orchestrator.provider.Change;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.InternetGatewayAttachment;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * {@code aws:ec2/InternetGateway}: the gateway and its attachment to {@code vpcId}; delete detaches
 * first.
 */
final class InternetGatewayHandler extends Ec2Handler<InternetGateway> {

  InternetGatewayHandler(AwsClients clients) {
    super(clients, AwsSchema.internetGateway());
  }

  @Override
  List<InternetGateway> describe(Ec2Client ec2, List<Filter> filters) {
    return ec2
        .describeInternetGatewaysPaginator(r -> r.filters(filters))
        .internetGateways()
        .stream()
        .toList();
  }

  @Override
  String idFilter() {
    return "internet-gateway-id";
  }

  @Override
  String id(InternetGateway live) {
    return live.internetGatewayId();
  }

  @Override
  List<Tag> tags(InternetGateway live) {
    return live.tags();
  }

  @Override
  ResourceType resourceType() {
    return ResourceType.INTERNET_GATEWAY;
  }

  static String attachedVpc(InternetGateway live) {
    return live.attachments().stream()
        .map(InternetGatewayAttachment::vpcId)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  @Override
  Map<String, Object> state(Ec2Client ec2, InternetGateway live) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("vpcId", attachedVpc(live));
    state.put("tags", tagMap(live.tags()));
    return state;
  }

  @Override
  Map<String, Object> outputs(InternetGateway live) {
    return Map.of("id", live.internetGatewayId());
  }

  @Override
  String create(Ec2Client ec2, Map<String, Object> desired, List<TagSpecification> tags) {
    return ec2.createInternetGateway(r -> r.tagSpecifications(tags))
        .internetGateway()
        .internetGatewayId();
  }

  @Override
  void update(
      Ec2Client ec2,
      InternetGateway live,
      Map<String, Object> desired,
      List<Change> changes,
      String what) {
    Object wanted = desired.get("vpcId");
    for (InternetGatewayAttachment attachment : live.attachments()) {
      if (attachment.vpcId() != null && !attachment.vpcId().equals(wanted)) {
        AwsErrors.run(
            "detaching " + what + " from vpcId " + attachment.vpcId(),
            () ->
                ec2.detachInternetGateway(
                    r -> r.internetGatewayId(live.internetGatewayId()).vpcId(attachment.vpcId())));
      }
    }
    if (wanted != null && !wanted.equals(attachedVpc(live))) {
      AwsErrors.run(
          "attaching " + what + " to vpcId " + wanted,
          () ->
              ec2.attachInternetGateway(
                  r -> r.internetGatewayId(live.internetGatewayId()).vpcId(wanted.toString())));
    }
  }

  @Override
  void deleteById(Ec2Client ec2, String id) {
    InternetGateway live = byId(ec2, id);
    if (live == null) {
      return;
    }
    for (InternetGatewayAttachment attachment : live.attachments()) {
      if (attachment.vpcId() != null) {
        ec2.detachInternetGateway(r -> r.internetGatewayId(id).vpcId(attachment.vpcId()));
      }
    }
    ec2.deleteInternetGateway(r -> r.internetGatewayId(id));
  }
}
