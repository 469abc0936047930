package dev.setpoint.provider.aws;

import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.Change;
import dev.setpoint.orchestrator.provider.ProviderContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * {@code aws:ec2/SecurityGroup}: found by Setpoint's tags; a group of the same name in the VPC
 * without them is unmanaged (adopt only). Declared ingress and egress are authoritative rule sets;
 * rules with the same protocol and ports are compared merged, their ranges as a sorted set.
 */
final class SecurityGroupHandler extends Ec2Handler<SecurityGroup> {

  static final String DEFAULT_DESCRIPTION = "Managed by Setpoint";

  SecurityGroupHandler(AwsClients clients) {
    super(clients, AwsSchema.securityGroup());
  }

  @Override
  List<SecurityGroup> describe(Ec2Client ec2, List<Filter> filters) {
    return ec2.describeSecurityGroupsPaginator(r -> r.filters(filters)).securityGroups().stream()
        .toList();
  }

  @Override
  String idFilter() {
    return "group-id";
  }

  @Override
  String id(SecurityGroup live) {
    return live.groupId();
  }

  @Override
  List<Tag> tags(SecurityGroup live) {
    return live.tags();
  }

  @Override
  ResourceType resourceType() {
    return ResourceType.SECURITY_GROUP;
  }

  static String groupName(ResourceSpec spec, String environment) {
    Object name = spec.properties().get("groupName");
    return name == null ? environment + "-" + spec.name().value() : name.toString();
  }

  @Override
  Map<String, Object> forCreate(
      ResourceSpec spec, ProviderContext context, Map<String, Object> desired) {
    Map<String, Object> create = new LinkedHashMap<>(desired);
    create.put("groupName", groupName(spec, context.environment()));
    return create;
  }

  @Override
  SecurityGroup findUnmarked(Ec2Client ec2, ResourceSpec spec, ProviderContext context) {
    Object vpcId = spec.properties().get("vpcId");
    if (vpcId == null) {
      return null;
    }
    return describe(
            ec2,
            List.of(
                Filter.builder().name("vpc-id").values(vpcId.toString()).build(),
                Filter.builder()
                    .name("group-name")
                    .values(groupName(spec, context.environment()))
                    .build()))
        .stream()
        .findFirst()
        .orElse(null);
  }

  @Override
  Map<String, Object> desired(ResourceSpec spec) {
    Map<String, Object> desired = new LinkedHashMap<>(super.desired(spec));
    for (String direction : List.of("ingress", "egress")) {
      if (desired.get(direction) instanceof List<?> rules) {
        List<Map<String, Object>> declared = new ArrayList<>();
        for (Object rule : rules) {
          Map<?, ?> map = (Map<?, ?>) rule;
          List<String> cidrs = new ArrayList<>();
          if (map.get("cidrBlocks") instanceof List<?> list) {
            list.forEach(c -> cidrs.add(String.valueOf(c)));
          }
          declared.add(
              rule(
                  String.valueOf(map.get("protocol")),
                  number(map.get("fromPort")),
                  number(map.get("toPort")),
                  cidrs));
        }
        desired.put(direction, merge(declared));
      }
    }
    return desired;
  }

  private static Integer number(Object value) {
    return value instanceof Number n ? n.intValue() : null;
  }

  static Map<String, Object> rule(
      String protocol, Integer fromPort, Integer toPort, List<String> cidrs) {
    boolean all = "-1".equals(protocol) || "all".equalsIgnoreCase(protocol);
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("protocol", all ? "-1" : protocol.toLowerCase(java.util.Locale.ROOT));
    rule.put("fromPort", all ? null : fromPort);
    rule.put("toPort", all ? null : toPort);
    rule.put("cidrBlocks", List.copyOf(new TreeSet<>(cidrs)));
    return rule;
  }

  private static String key(Map<String, Object> rule) {
    return rule.get("protocol") + "/" + rule.get("fromPort") + "/" + rule.get("toPort");
  }

  /** Rules with the same protocol and ports as one, sorted by protocol and ports. */
  static List<Map<String, Object>> merge(List<Map<String, Object>> rules) {
    Map<String, Map<String, Object>> merged = new TreeMap<>();
    for (Map<String, Object> rule : rules) {
      merged.merge(
          key(rule),
          rule,
          (a, b) -> {
            List<String> cidrs = new ArrayList<>();
            ((List<?>) a.get("cidrBlocks")).forEach(c -> cidrs.add(c.toString()));
            ((List<?>) b.get("cidrBlocks")).forEach(c -> cidrs.add(c.toString()));
            return rule(
                (String) a.get("protocol"),
                (Integer) a.get("fromPort"),
                (Integer) a.get("toPort"),
                cidrs);
          });
    }
    return List.copyOf(merged.values());
  }

  static List<Map<String, Object>> rules(List<IpPermission> permissions) {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (IpPermission permission : permissions) {
      List<String> cidrs = permission.ipRanges().stream().map(IpRange::cidrIp).toList();
      if (cidrs.isEmpty()) {
        continue;
      }
      rules.add(rule(permission.ipProtocol(), permission.fromPort(), permission.toPort(), cidrs));
    }
    return merge(rules);
  }

  @Override
  Map<String, Object> state(Ec2Client ec2, SecurityGroup live) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("vpcId", live.vpcId());
    state.put("groupName", live.groupName());
    state.put("description", live.description());
    state.put("ingress", rules(live.ipPermissions()));
    state.put("egress", rules(live.ipPermissionsEgress()));
    state.put("tags", tagMap(live.tags()));
    return state;
  }

  @Override
  Map<String, Object> outputs(SecurityGroup live) {
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("id", live.groupId());
    outputs.put("groupName", live.groupName());
    return outputs;
  }

  @Override
  String create(Ec2Client ec2, Map<String, Object> desired, List<TagSpecification> tags) {
    Object description = desired.get("description");
    return ec2.createSecurityGroup(
            r ->
                r.vpcId(String.valueOf(desired.get("vpcId")))
                    .groupName(String.valueOf(desired.get("groupName")))
                    .description(description == null ? DEFAULT_DESCRIPTION : description.toString())
                    .tagSpecifications(tags))
        .groupId();
  }

  private static IpPermission permission(Map<String, Object> rule) {
    return IpPermission.builder()
        .ipProtocol((String) rule.get("protocol"))
        .fromPort((Integer) rule.get("fromPort"))
        .toPort((Integer) rule.get("toPort"))
        .ipRanges(
            ((List<?>) rule.get("cidrBlocks"))
                .stream().map(c -> IpRange.builder().cidrIp(c.toString()).build()).toList())
        .build();
  }

  /** The permission of {@code rule}'s CIDRs that {@code other} (same protocol and ports) lacks. */
  private static List<IpPermission> without(Map<String, Object> rule, Map<String, Object> other) {
    List<String> cidrs = new ArrayList<>();
    ((List<?>) rule.get("cidrBlocks")).forEach(c -> cidrs.add(c.toString()));
    if (other != null) {
      ((List<?>) other.get("cidrBlocks")).forEach(c -> cidrs.remove(c.toString()));
    }
    if (cidrs.isEmpty()) {
      return List.of();
    }
    return List.of(
        permission(
            rule(
                (String) rule.get("protocol"),
                (Integer) rule.get("fromPort"),
                (Integer) rule.get("toPort"),
                cidrs)));
  }

  @Override
  @SuppressWarnings("unchecked")
  void update(
      Ec2Client ec2,
      SecurityGroup live,
      Map<String, Object> desired,
      List<Change> changes,
      String what) {
    String id = live.groupId();
    for (String direction : List.of("ingress", "egress")) {
      if (!(desired.get(direction) instanceof List<?> wantedList)
          || changes.stream().noneMatch(c -> c.topLevelProperty().equals(direction))) {
        continue;
      }
      boolean ingress = direction.equals("ingress");
      Map<String, Map<String, Object>> wanted = new TreeMap<>();
      wantedList.forEach(r -> wanted.put(key((Map<String, Object>) r), (Map<String, Object>) r));
      Map<String, Map<String, Object>> current = new TreeMap<>();
      rules(ingress ? live.ipPermissions() : live.ipPermissionsEgress())
          .forEach(r -> current.put(key(r), r));
      List<IpPermission> revoke = new ArrayList<>();
      List<IpPermission> authorize = new ArrayList<>();
      // Only the (protocol, ports, CIDR) permissions that differ: revoking a whole merged rule to
      // add one CIDR would briefly cut access the definition still wants.
      current.forEach((key, rule) -> revoke.addAll(without(rule, wanted.get(key))));
      wanted.forEach((key, rule) -> authorize.addAll(without(rule, current.get(key))));
      if (!revoke.isEmpty()) {
        AwsErrors.run(
            "revoking " + direction + " rules " + ruleNames(revoke) + " of " + what,
            () -> {
              if (ingress) {
                ec2.revokeSecurityGroupIngress(r -> r.groupId(id).ipPermissions(revoke));
              } else {
                ec2.revokeSecurityGroupEgress(r -> r.groupId(id).ipPermissions(revoke));
              }
            });
      }
      if (!authorize.isEmpty()) {
        AwsErrors.run(
            "authorizing " + direction + " rules " + ruleNames(authorize) + " of " + what,
            () -> {
              if (ingress) {
                ec2.authorizeSecurityGroupIngress(r -> r.groupId(id).ipPermissions(authorize));
              } else {
                ec2.authorizeSecurityGroupEgress(r -> r.groupId(id).ipPermissions(authorize));
              }
            });
      }
    }
  }

  /** The permissions as {@code tcp/443 10.0.0.0/8}, for a message that says which rule failed. */
  private static List<String> ruleNames(List<IpPermission> permissions) {
    List<String> rules = new ArrayList<>();
    for (IpPermission permission : permissions) {
      String ports =
          permission.fromPort() == null
              ? ""
              : "/" + permission.fromPort() + "-" + permission.toPort();
      permission
          .ipRanges()
          .forEach(range -> rules.add(permission.ipProtocol() + ports + " " + range.cidrIp()));
    }
    return rules;
  }

  @Override
  void deleteById(Ec2Client ec2, String id) {
    ec2.deleteSecurityGroup(r -> r.groupId(id));
  }
}
