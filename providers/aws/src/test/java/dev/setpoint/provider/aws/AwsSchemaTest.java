package dev.setpoint.provider.aws;

import static dev.setpoint.orchestrator.testing.SchemaFacts.assertEverythingDescribed;
import static dev.setpoint.orchestrator.testing.SchemaFacts.assertReferenceDocsMatch;
import static dev.setpoint.orchestrator.testing.SchemaFacts.defaults;
import static dev.setpoint.orchestrator.testing.SchemaFacts.required;
import static dev.setpoint.orchestrator.testing.SchemaFacts.shape;
import static dev.setpoint.orchestrator.testing.SchemaFacts.shapes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.schema.PropertySchema;
import dev.setpoint.orchestrator.schema.ProviderSchema;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The AWS schema is exactly SPEC §2: types, properties, required, defaults, immutable, outputs. */
class AwsSchemaTest {

  private final SchemaRegistry registry = SchemaRegistry.load();

  @Test
  void serviceLoaderFindsTheAwsProviderWithItsSettings() {
    assertThat(registry.providerNames()).containsExactly("aws");
    ProviderSchema aws = registry.provider("aws").orElseThrow();
    assertThat(aws).isInstanceOf(AwsSchema.class);
    assertThat(aws.settings()).extracting(PropertySchema::name).containsExactly("region");
    assertThat(shape(aws.settings().get(0))).isEqualTo("STRING");
  }

  @Test
  void typeNamesAreExactlyTheSpecs() {
    assertThat(registry.typeNames())
        .containsExactlyInAnyOrder(
            "aws:ec2/Vpc",
            "aws:ec2/Subnet",
            "aws:ec2/InternetGateway",
            "aws:ec2/RouteTable",
            "aws:ec2/SecurityGroup",
            "aws:s3/Bucket",
            "aws:iam/Role");
  }

  @Test
  void vpc() {
    ResourceTypeSchema vpc = type("aws:ec2/Vpc");
    assertThat(shapes(vpc))
        .isEqualTo(
            Map.of(
                "cidrBlock", "CIDR",
                "enableDnsSupport", "BOOLEAN",
                "enableDnsHostnames", "BOOLEAN",
                "tags", "MAP<STRING>"));
    assertThat(required(vpc)).containsExactlyInAnyOrder("cidrBlock");
    assertThat(defaults(vpc))
        .isEqualTo(Map.of("enableDnsSupport", true, "enableDnsHostnames", false));
    assertThat(vpc.immutableProperties()).containsExactlyInAnyOrder("cidrBlock");
    assertThat(vpc.outputs()).containsExactly("id", "cidrBlock");
    assertStaticOutputsAndNoChoiceGroups(vpc);
  }

  @Test
  void subnet() {
    ResourceTypeSchema subnet = type("aws:ec2/Subnet");
    assertThat(shapes(subnet))
        .isEqualTo(
            Map.of(
                "vpcId", "STRING",
                "cidrBlock", "CIDR",
                "availabilityZone", "STRING",
                "mapPublicIpOnLaunch", "BOOLEAN",
                "tags", "MAP<STRING>"));
    assertThat(required(subnet)).containsExactlyInAnyOrder("vpcId", "cidrBlock");
    assertThat(defaults(subnet)).isEqualTo(Map.of("mapPublicIpOnLaunch", false));
    assertThat(subnet.immutableProperties())
        .containsExactlyInAnyOrder("vpcId", "cidrBlock", "availabilityZone");
    assertThat(subnet.outputs()).containsExactly("id", "availabilityZone", "cidrBlock");
    assertStaticOutputsAndNoChoiceGroups(subnet);
  }

  @Test
  void internetGateway() {
    ResourceTypeSchema gateway = type("aws:ec2/InternetGateway");
    assertThat(shapes(gateway)).isEqualTo(Map.of("vpcId", "STRING", "tags", "MAP<STRING>"));
    assertThat(required(gateway)).isEmpty();
    assertThat(defaults(gateway)).isEmpty();
    assertThat(gateway.immutableProperties()).isEmpty();
    assertThat(gateway.outputs()).containsExactly("id");
    assertStaticOutputsAndNoChoiceGroups(gateway);
  }

  @Test
  void routeTable() {
    ResourceTypeSchema table = type("aws:ec2/RouteTable");
    assertThat(shapes(table))
        .isEqualTo(
            Map.of(
                "vpcId", "STRING",
                "routes", "LIST<" + ROUTE + ">",
                "subnetIds", "LIST<STRING>",
                "tags", "MAP<STRING>"));
    assertThat(required(table)).containsExactlyInAnyOrder("vpcId");
    assertThat(defaults(table)).isEmpty();
    assertThat(table.immutableProperties()).containsExactlyInAnyOrder("vpcId");
    assertThat(table.outputs()).containsExactly("id");
    assertStaticOutputsAndNoChoiceGroups(table);
  }

  @Test
  void securityGroup() {
    ResourceTypeSchema group = type("aws:ec2/SecurityGroup");
    assertThat(shapes(group))
        .isEqualTo(
            Map.of(
                "vpcId", "STRING",
                "groupName", "STRING",
                "description", "STRING",
                "ingress", "LIST<" + RULE + ">",
                "egress", "LIST<" + RULE + ">",
                "tags", "MAP<STRING>"));
    assertThat(required(group)).containsExactlyInAnyOrder("vpcId");
    assertThat(defaults(group)).as("groupName's default <env>-<name> is computed").isEmpty();
    assertThat(group.properties().get("groupName").description()).contains("<env>-<name>");
    assertThat(group.immutableProperties())
        .containsExactlyInAnyOrder("vpcId", "groupName", "description");
    assertThat(group.outputs()).containsExactly("id", "groupName");
    assertStaticOutputsAndNoChoiceGroups(group);
  }

  @Test
  void bucket() {
    ResourceTypeSchema bucket = type("aws:s3/Bucket");
    assertThat(shapes(bucket))
        .isEqualTo(
            Map.of(
                "bucketName", "STRING",
                "versioning", "BOOLEAN",
                "tags", "MAP<STRING>",
                "forceDestroy", "BOOLEAN"));
    assertThat(required(bucket)).containsExactlyInAnyOrder("bucketName");
    assertThat(defaults(bucket)).isEqualTo(Map.of("versioning", false, "forceDestroy", false));
    assertThat(bucket.immutableProperties()).containsExactlyInAnyOrder("bucketName");
    assertThat(bucket.outputs()).containsExactly("bucketName", "arn");
    assertStaticOutputsAndNoChoiceGroups(bucket);
  }

  @Test
  void role() {
    ResourceTypeSchema role = type("aws:iam/Role");
    assertThat(shapes(role))
        .isEqualTo(
            Map.of(
                "roleName", "STRING",
                "assumeRolePolicy", "MAP<ANY>",
                "managedPolicyArns", "LIST<STRING>",
                "description", "STRING",
                "tags", "MAP<STRING>"));
    assertThat(required(role)).containsExactlyInAnyOrder("roleName", "assumeRolePolicy");
    assertThat(defaults(role)).isEmpty();
    assertThat(role.immutableProperties()).containsExactlyInAnyOrder("roleName");
    assertThat(role.outputs()).containsExactly("roleName", "arn");
    assertStaticOutputsAndNoChoiceGroups(role);
  }

  @Test
  void everyTypePropertyFieldAndSettingIsDescribed() {
    assertEverythingDescribed(registry.provider("aws").orElseThrow());
  }

  @Test
  void referenceDocsListEveryPropertyAsTheSchemaDeclaresIt() throws IOException {
    assertReferenceDocsMatch(registry.provider("aws").orElseThrow(), "../../docs/providers/aws.md");
  }

  private static final String ROUTE = "OBJECT{destinationCidrBlock!: CIDR, gatewayId!: STRING}";
  private static final String RULE =
      "OBJECT{protocol!: STRING, fromPort: INTEGER, toPort: INTEGER, cidrBlocks: LIST<CIDR>}";

  private ResourceTypeSchema type(String name) {
    return registry.type(name).orElseThrow();
  }

  private static void assertStaticOutputsAndNoChoiceGroups(ResourceTypeSchema type) {
    assertThat(type.dynamicOutputs()).isFalse();
    assertThat(type.exactlyOneOf()).isEmpty();
  }
}
