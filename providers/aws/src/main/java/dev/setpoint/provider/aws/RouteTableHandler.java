package dev.setpoint.provider.aws;

import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.Change;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * {@code aws:ec2/RouteTable}: routes and subnet associations are authoritative when declared (the
 * VPC's local route excepted); both are compared as sets, sorted.
 */
final class RouteTableHandler extends Ec2Handler<RouteTable> {

  RouteTableHandler(AwsClients clients) {
    super(clients, AwsSchema.routeTable());
  }

  @Override
  List<RouteTable> describe(Ec2Client ec2, List<Filter> filters) {
    return ec2.describeRouteTablesPaginator(r -> r.filters(filters)).routeTables().stream()
        .toList();
  }

  @Override
  String idFilter() {
    return "route-table-id";
  }

  @Override
  String id(RouteTable live) {
    return live.routeTableId();
  }

  @Override
  List<Tag> tags(RouteTable live) {
    return live.tags();
  }

  @Override
  ResourceType resourceType() {
    return ResourceType.ROUTE_TABLE;
  }

  @Override
  Map<String, Object> desired(ResourceSpec spec) {
    Map<String, Object> desired = new LinkedHashMap<>(super.desired(spec));
    if (desired.get("routes") instanceof List<?> routes) {
      List<Map<String, Object>> sorted = new ArrayList<>();
      for (Object route : routes) {
        if (route instanceof Map<?, ?> map) {
          Map<String, Object> copy = new LinkedHashMap<>();
          copy.put("destinationCidrBlock", map.get("destinationCidrBlock"));
          copy.put("gatewayId", map.get("gatewayId"));
          sorted.add(copy);
        }
      }
      sorted.sort(Comparator.comparing(r -> String.valueOf(r.get("destinationCidrBlock"))));
      desired.put("routes", sorted);
    }
    if (desired.get("subnetIds") instanceof List<?> subnets) {
      desired.put("subnetIds", subnets.stream().map(String::valueOf).sorted().toList());
    }
    return desired;
  }

  /** The routes besides the local one, by destination. */
  static Map<String, String> routes(RouteTable live) {
    Map<String, String> routes = new TreeMap<>();
    for (Route route : live.routes()) {
      if (route.destinationCidrBlock() == null || "local".equals(route.gatewayId())) {
        continue;
      }
      routes.put(route.destinationCidrBlock(), route.gatewayId());
    }
    return routes;
  }

  /** The associated subnets (not the main association), subnet to association id. */
  static Map<String, String> associations(RouteTable live) {
    Map<String, String> associations = new TreeMap<>();
    for (RouteTableAssociation association : live.associations()) {
      if (!Boolean.TRUE.equals(association.main()) && association.subnetId() != null) {
        associations.put(association.subnetId(), association.routeTableAssociationId());
      }
    }
    return associations;
  }

  @Override
  Map<String, Object> state(Ec2Client ec2, RouteTable live) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("vpcId", live.vpcId());
    List<Map<String, Object>> routes = new ArrayList<>();
    routes(live)
        .forEach(
            (destination, gateway) -> {
              Map<String, Object> route = new LinkedHashMap<>();
              route.put("destinationCidrBlock", destination);
              route.put("gatewayId", gateway);
              routes.add(route);
            });
    state.put("routes", routes);
    state.put("subnetIds", List.copyOf(associations(live).keySet()));
    state.put("tags", tagMap(live.tags()));
    return state;
  }

  @Override
  Map<String, Object> outputs(RouteTable live) {
    return Map.of("id", live.routeTableId());
  }

  @Override
  String create(Ec2Client ec2, Map<String, Object> desired, List<TagSpecification> tags) {
    return ec2.createRouteTable(
            r -> r.vpcId(String.valueOf(desired.get("vpcId"))).tagSpecifications(tags))
        .routeTable()
        .routeTableId();
  }

  @Override
  void update(
      Ec2Client ec2,
      RouteTable live,
      Map<String, Object> desired,
      List<Change> changes,
      String what) {
    String id = live.routeTableId();
    boolean routesChanged = changes.stream().anyMatch(c -> c.topLevelProperty().equals("routes"));
    if (routesChanged && desired.get("routes") instanceof List<?> wantedRoutes) {
      Map<String, String> wanted = new TreeMap<>();
      for (Object route : wantedRoutes) {
        Map<?, ?> map = (Map<?, ?>) route;
        wanted.put(
            String.valueOf(map.get("destinationCidrBlock")), String.valueOf(map.get("gatewayId")));
      }
      Map<String, String> current = routes(live);
      for (String destination : current.keySet()) {
        if (!wanted.containsKey(destination)) {
          AwsErrors.run(
              "deleting the route to " + destination + " (routes) of " + what,
              () -> ec2.deleteRoute(r -> r.routeTableId(id).destinationCidrBlock(destination)));
        }
      }
      wanted.forEach(
          (destination, gateway) -> {
            String step = " the route to " + destination + " (routes) of " + what;
            if (!current.containsKey(destination)) {
              AwsErrors.run(
                  "creating" + step,
                  () ->
                      ec2.createRoute(
                          r ->
                              r.routeTableId(id)
                                  .destinationCidrBlock(destination)
                                  .gatewayId(gateway)));
            } else if (!Objects.equals(current.get(destination), gateway)) {
              AwsErrors.run(
                  "replacing" + step,
                  () ->
                      ec2.replaceRoute(
                          r ->
                              r.routeTableId(id)
                                  .destinationCidrBlock(destination)
                                  .gatewayId(gateway)));
            }
          });
    }
    boolean subnetsChanged =
        changes.stream().anyMatch(c -> c.topLevelProperty().equals("subnetIds"));
    if (subnetsChanged && desired.get("subnetIds") instanceof List<?> wantedSubnets) {
      Map<String, String> current = associations(live);
      current.forEach(
          (subnet, association) -> {
            if (!wantedSubnets.contains(subnet)) {
              AwsErrors.run(
                  "disassociating " + subnet + " (subnetIds) from " + what,
                  () -> ec2.disassociateRouteTable(r -> r.associationId(association)));
            }
          });
      for (Object subnet : wantedSubnets) {
        if (!current.containsKey(subnet.toString())) {
          AwsErrors.run(
              "associating " + subnet + " (subnetIds) with " + what,
              () -> ec2.associateRouteTable(r -> r.routeTableId(id).subnetId(subnet.toString())));
        }
      }
    }
  }

  @Override
  void deleteById(Ec2Client ec2, String id) {
    RouteTable live = byId(ec2, id);
    if (live == null) {
      return;
    }
    for (String association : associations(live).values()) {
      ec2.disassociateRouteTable(r -> r.associationId(association));
    }
    ec2.deleteRouteTable(r -> r.routeTableId(id));
  }
}
