package dev.setpoint.provider.aws;

import static dev.setpoint.orchestrator.schema.PropertySchema.builder;
import static dev.setpoint.orchestrator.schema.PropertySchema.optional;

import dev.setpoint.orchestrator.schema.PropertySchema;
import dev.setpoint.orchestrator.schema.PropertyType;
import dev.setpoint.orchestrator.schema.ProviderSchema;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import java.util.List;

/**
 * The AWS provider's settings and resource types (SPEC §2), as {@code validate} checks them and the
 * reference docs list them. Immutable properties are those AWS cannot change in place: a change
 * replaces the resource.
 */
public final class AwsSchema implements ProviderSchema {

  public static final String PROVIDER = "aws";

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public List<PropertySchema> settings() {
    return List.of(
        optional(
            "region",
            PropertyType.STRING,
            "The AWS region to manage resources in, such as us-east-1; unset means the region of"
                + " the AWS SDK's default chain (AWS_REGION, the profile)."));
  }

  @Override
  public List<ResourceTypeSchema> resourceTypes() {
    return List.of(
        vpc(), subnet(), internetGateway(), routeTable(), securityGroup(), bucket(), role());
  }

  static ResourceTypeSchema vpc() {
    return ResourceTypeSchema.builder("aws:ec2/Vpc")
        .description("An Amazon VPC: an isolated IPv4 network in one region.")
        .property(
            builder("cidrBlock", PropertyType.CIDR)
                .required()
                .immutable()
                .description("The VPC's primary IPv4 CIDR block, such as 10.0.0.0/16.")
                .build())
        .property(
            builder("enableDnsSupport", PropertyType.BOOLEAN)
                .defaultValue(true)
                .description("Whether the Amazon-provided DNS server resolves names in the VPC.")
                .build())
        .property(
            builder("enableDnsHostnames", PropertyType.BOOLEAN)
                .defaultValue(false)
                .description("Whether instances with a public IP address get a public DNS name.")
                .build())
        .property(tags("VPC"))
        .outputs("id", "cidrBlock")
        .build();
  }

  static ResourceTypeSchema subnet() {
    return ResourceTypeSchema.builder("aws:ec2/Subnet")
        .description("A subnet: a range of a VPC's addresses in one Availability Zone.")
        .property(vpcId("subnet").immutable().build())
        .property(
            builder("cidrBlock", PropertyType.CIDR)
                .required()
                .immutable()
                .description("The subnet's IPv4 CIDR block, inside the VPC's block.")
                .build())
        .property(
            builder("availabilityZone", PropertyType.STRING)
                .immutable()
                .description(
                    "The Availability Zone of the subnet, such as us-east-1a; unset lets AWS"
                        + " choose one.")
                .build())
        .property(
            builder("mapPublicIpOnLaunch", PropertyType.BOOLEAN)
                .defaultValue(false)
                .description("Whether instances launched in the subnet get a public IPv4 address.")
                .build())
        .property(tags("subnet"))
        .outputs("id", "availabilityZone", "cidrBlock")
        .build();
  }

  static ResourceTypeSchema internetGateway() {
    return ResourceTypeSchema.builder("aws:ec2/InternetGateway")
        .description("An internet gateway, attached to at most one VPC.")
        .property(
            builder("vpcId", PropertyType.STRING)
                .description(
                    "The ID of the VPC to attach the gateway to, usually ${vpc.id}; unset leaves"
                        + " the gateway detached.")
                .build())
        .property(tags("internet gateway"))
        .outputs("id")
        .build();
  }

  static ResourceTypeSchema routeTable() {
    PropertySchema route =
        builder("route", PropertyType.OBJECT)
            .field(
                builder("destinationCidrBlock", PropertyType.CIDR)
                    .required()
                    .description(
                        "The IPv4 range the route matches, such as 0.0.0.0/0 for the default"
                            + " route.")
                    .build())
            .field(
                builder("gatewayId", PropertyType.STRING)
                    .required()
                    .description(
                        "The ID of the internet gateway the traffic goes to, usually ${igw.id}.")
                    .build())
            .description("One route: where traffic to a range of addresses goes.")
            .build();
    return ResourceTypeSchema.builder("aws:ec2/RouteTable")
        .description("A route table of a VPC and the subnets associated with it.")
        .property(vpcId("route table").immutable().build())
        .property(
            builder("routes", PropertyType.LIST)
                .items(route)
                .description("Every route of the table besides the VPC's local route.")
                .build())
        .property(
            builder("subnetIds", PropertyType.LIST)
                .items(PropertyType.STRING)
                .description("The IDs of every subnet associated with the table.")
                .build())
        .property(tags("route table"))
        .outputs("id")
        .build();
  }

  static ResourceTypeSchema securityGroup() {
    return ResourceTypeSchema.builder("aws:ec2/SecurityGroup")
        .description("A security group: stateful firewall rules for the network interfaces in it.")
        .property(vpcId("security group").immutable().build())
        .property(
            builder("groupName", PropertyType.STRING)
                .immutable()
                .description(
                    "The group's name, unique in the VPC; unset means <env>-<name>, the"
                        + " environment's name and the resource's name joined by a hyphen.")
                .build())
        .property(
            builder("description", PropertyType.STRING)
                .immutable()
                .description(
                    "What the group is for; AWS cannot change a group's description, so a change"
                        + " replaces the group.")
                .build())
        .property(
            builder("ingress", PropertyType.LIST)
                .items(securityGroupRule())
                .description("Every inbound rule of the group.")
                .build())
        .property(
            builder("egress", PropertyType.LIST)
                .items(securityGroupRule())
                .description("Every outbound rule of the group.")
                .build())
        .property(tags("security group"))
        .outputs("id", "groupName")
        .build();
  }

  static ResourceTypeSchema bucket() {
    return ResourceTypeSchema.builder("aws:s3/Bucket")
        .description("An Amazon S3 bucket.")
        .property(
            builder("bucketName", PropertyType.STRING)
                .required()
                .immutable()
                .description("The bucket's name, unique across all of AWS.")
                .build())
        .property(
            builder("versioning", PropertyType.BOOLEAN)
                .defaultValue(false)
                .description("Whether the bucket keeps every version of its objects.")
                .build())
        .property(tags("bucket"))
        .property(
            builder("forceDestroy", PropertyType.BOOLEAN)
                .defaultValue(false)
                .description(
                    "Whether deleting the bucket may delete the objects in it first; when false,"
                        + " a bucket that holds objects is not deleted.")
                .build())
        .outputs("bucketName", "arn")
        .build();
  }

  static ResourceTypeSchema role() {
    return ResourceTypeSchema.builder("aws:iam/Role")
        .description("An IAM role that AWS services or principals assume.")
        .property(
            builder("roleName", PropertyType.STRING)
                .required()
                .immutable()
                .description("The role's name, unique in the account.")
                .build())
        .property(
            builder("assumeRolePolicy", PropertyType.MAP)
                .required()
                .items(PropertyType.ANY)
                .description(
                    "The trust policy, who may assume the role, written as a YAML object in IAM"
                        + " policy grammar (Version, Statement).")
                .build())
        .property(
            builder("managedPolicyArns", PropertyType.LIST)
                .items(PropertyType.STRING)
                .description("The ARNs of every managed policy attached to the role.")
                .build())
        .property(
            builder("description", PropertyType.STRING)
                .description("What the role is for.")
                .build())
        .property(tags("role"))
        .outputs("roleName", "arn")
        .build();
  }

  private static PropertySchema.Builder vpcId(String owner) {
    return builder("vpcId", PropertyType.STRING)
        .required()
        .description("The ID of the VPC the " + owner + " belongs to, usually ${vpc.id}.");
  }

  private static PropertySchema securityGroupRule() {
    return builder("rule", PropertyType.OBJECT)
        .field(
            builder("protocol", PropertyType.STRING)
                .required()
                .description("The IP protocol: tcp, udp, icmp, or -1 for every protocol.")
                .build())
        .field(
            builder("fromPort", PropertyType.INTEGER)
                .description("The first port of the range (for icmp, the ICMP type).")
                .build())
        .field(
            builder("toPort", PropertyType.INTEGER)
                .description("The last port of the range (for icmp, the ICMP code).")
                .build())
        .field(
            builder("cidrBlocks", PropertyType.LIST)
                .items(PropertyType.CIDR)
                .description(
                    "The IPv4 ranges the rule admits: sources for ingress, destinations for"
                        + " egress.")
                .build())
        .description("One rule: a protocol, a port range and the address ranges it admits.")
        .build();
  }

  private static PropertySchema tags(String owner) {
    return builder("tags", PropertyType.MAP)
        .items(PropertyType.STRING)
        .description(
            "AWS tags to put on the "
                + owner
                + ", besides the setpoint:environment and setpoint:resource tags that mark it as"
                + " managed.")
        .build();
  }
}
