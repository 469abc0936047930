package dev.setpoint.provider.aws;

import static java.util.stream.Collectors.joining;
import static java.util.stream.Collectors.toMap;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.schema.PropertySchema;
import dev.setpoint.orchestrator.schema.PropertyType;
import dev.setpoint.orchestrator.schema.ProviderSchema;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
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
    ProviderSchema aws = registry.provider("aws").orElseThrow();
    aws.settings().forEach(setting -> assertThat(setting.description()).isNotBlank());
    for (ResourceTypeSchema type : aws.resourceTypes()) {
      assertThat(type.description()).as(type.type()).isNotBlank();
      type.properties().values().stream()
          .flatMap(AwsSchemaTest::describedParts)
          .forEach(
              part ->
                  assertThat(part.description()).as(type.type() + " " + part.name()).isNotBlank());
    }
  }

  @Test
  void referenceDocsListEveryPropertyAsTheSchemaDeclaresIt() throws IOException {
    String page = Files.readString(Path.of("../../docs/providers/aws.md"));
    for (ResourceTypeSchema type : registry.provider("aws").orElseThrow().resourceTypes()) {
      assertThat(documentedProperties(page, type.type()))
          .as("docs/providers/aws.md, " + type.type())
          .isEqualTo(declaredProperties(type));
    }
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

  private static Set<String> required(ResourceTypeSchema type) {
    return type.properties().values().stream()
        .filter(PropertySchema::required)
        .map(PropertySchema::name)
        .collect(toSet());
  }

  private static Map<String, Object> defaults(ResourceTypeSchema type) {
    return type.properties().values().stream()
        .filter(property -> property.defaultValue() != null)
        .collect(toMap(PropertySchema::name, PropertySchema::defaultValue));
  }

  /** Each property's type, spelled out with item and field types: {@code LIST<CIDR>}. */
  private static Map<String, String> shapes(ResourceTypeSchema type) {
    Map<String, String> shapes = new TreeMap<>();
    type.properties().forEach((name, property) -> shapes.put(name, shape(property)));
    return shapes;
  }

  /** A required field is marked {@code name!}. */
  private static String shape(PropertySchema property) {
    return switch (property.type()) {
      case LIST, MAP -> property.type() + "<" + shape(property.items()) + ">";
      case OBJECT ->
          property.fields().values().stream()
              .map(field -> field.name() + (field.required() ? "!" : "") + ": " + shape(field))
              .collect(joining(", ", "OBJECT{", "}"));
      default -> property.type().name();
    };
  }

  /** A property and the object items and fields inside it: the parts the docs describe. */
  private static Stream<PropertySchema> describedParts(PropertySchema property) {
    Stream<PropertySchema> inner =
        switch (property.type()) {
          case LIST, MAP -> describedItems(property.items());
          case OBJECT -> property.fields().values().stream().flatMap(AwsSchemaTest::describedParts);
          default -> Stream.empty();
        };
    return Stream.concat(Stream.of(property), inner);
  }

  private static Stream<PropertySchema> describedItems(PropertySchema items) {
    return items.type() == PropertyType.OBJECT ? describedParts(items) : Stream.empty();
  }

  /**
   * The top-level property rows of one type's section in a provider reference page: property name
   * to its "required | default | immutable" cells.
   */
  private static Map<String, String> documentedProperties(String page, String type) {
    int start = page.indexOf("## `" + type + "`");
    assertThat(start).as("a section for " + type).isNotNegative();
    int end = page.indexOf("\n## ", start + 1);
    String section = end < 0 ? page.substring(start) : page.substring(start, end);
    Map<String, String> rows = new TreeMap<>();
    for (String line : section.split("\n")) {
      String[] cells = line.split(" \\| ");
      if (line.startsWith("| `") && cells.length >= 5) {
        String name = cells[0].substring("| `".length(), cells[0].length() - 1);
        if (!name.contains(".")) {
          rows.put(name, cells[2] + " | " + cells[3] + " | " + cells[4]);
        }
      }
    }
    return rows;
  }

  private static Map<String, String> declaredProperties(ResourceTypeSchema type) {
    Map<String, String> rows = new TreeMap<>();
    type.properties()
        .values()
        .forEach(
            property ->
                rows.put(
                    property.name(),
                    requiredCell(type, property)
                        + " | "
                        + (property.defaultValue() == null
                            ? ""
                            : "`" + property.defaultValue() + "`")
                        + " | "
                        + (property.immutable() ? "yes" : "no")));
    return rows;
  }

  private static String requiredCell(ResourceTypeSchema type, PropertySchema property) {
    return property.required() ? "yes" : "no";
  }
}
