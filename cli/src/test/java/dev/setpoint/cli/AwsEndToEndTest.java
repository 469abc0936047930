package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.provider.aws.ApiCalls;
import dev.setpoint.provider.aws.MotoServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The AWS provider through the engine, the way a user reaches it: an environment committed to a
 * real Git repository, {@code setpoint apply / plan / drift} run through the CLI entry point with
 * the embedded Temporal test server and in-process workers, against a real moto_server. The
 * provider is the one ServiceLoader finds, pointed at moto through the {@code aws.endpointUrl}
 * system property (the SDK's own name for {@code AWS_ENDPOINT_URL}).
 */
class AwsEndToEndTest {

  static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";

  static final String ENVIRONMENT =
      """
      apiVersion: setpoint.dev/v1alpha1
      kind: Environment
      metadata:
        name: e2e
      spec:
        providers:
          aws:
            region: us-east-1
        policy:
          drift: revert
          prune: true
        resources:
          - name: vpc
            type: aws:ec2/Vpc
            properties:
              cidrBlock: 10.0.0.0/16
              enableDnsHostnames: true
              tags: {tier: network}
          - name: subnet-a
            type: aws:ec2/Subnet
            properties:
              vpcId: ${vpc.id}
              cidrBlock: 10.0.1.0/24
              availabilityZone: us-east-1a
              tags: {zone: a}
          - name: igw
            type: aws:ec2/InternetGateway
            properties:
              vpcId: ${vpc.id}
          - name: public-routes
            type: aws:ec2/RouteTable
            properties:
              vpcId: ${vpc.id}
              routes:
                - destinationCidrBlock: 0.0.0.0/0
                  gatewayId: ${igw.id}
              subnetIds:
                - ${subnet-a.id}
          - name: web
            type: aws:ec2/SecurityGroup
            properties:
              vpcId: ${vpc.id}
              description: HTTPS from anywhere
              ingress:
                - protocol: tcp
                  fromPort: 443
                  toPort: 443
                  cidrBlocks: [0.0.0.0/0]
          - name: assets
            type: aws:s3/Bucket
            properties:
              bucketName: e2e-assets
              versioning: true
          - name: app-role
            type: aws:iam/Role
            properties:
              roleName: e2e-app
              assumeRolePolicy:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: {Service: ec2.amazonaws.com}
                    Action: sts:AssumeRole
              managedPolicyArns:
                - %s
      """;

  static final String SUBNET_B =
      """
          - name: subnet-b
            type: aws:ec2/Subnet
            properties:
              vpcId: ${vpc.id}
              cidrBlock: 10.0.2.0/24
              availabilityZone: us-east-1b
      """;

  /** The environment, with or without subnet-b (and its association with the route table). */
  static String environment(boolean withSubnetB) {
    String without = ENVIRONMENT.formatted(READ_ONLY);
    return withSubnetB
        ? without.replace("- ${subnet-a.id}\n", "- ${subnet-a.id}\n          - ${subnet-b.id}\n")
            + SUBNET_B
        : without;
  }

  @RegisterExtension static final MotoServer MOTO = new MotoServer().withAwsManagedPolicies();

  @TempDir Path folder;
  MotoCli aws;
  TestRepository repository;
  Ec2Client ec2;
  S3Client s3;
  IamClient iam;

  @BeforeEach
  void commitTheEnvironment() throws Exception {
    aws = MotoCli.open(folder, MOTO);
    repository = aws.repository();
    repository.write("envs/e2e/environment.yaml", environment(true)).commit("e2e environment");
    ec2 = aws.ec2();
    s3 = aws.s3();
    iam = aws.iam();
  }

  @AfterEach
  void forget() {
    aws.close();
  }

  String env() {
    return repository.root().resolve("envs/e2e").toString();
  }

  static CliRun succeeded(CliRun run, int exitCode) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(exitCode);
    return run;
  }

  @Test
  void applyPlanDriftRevertAndPruneThroughTheCli() throws Exception {
    CliRun apply = succeeded(CliRun.of("apply", env()), 0);
    assertThat(apply.out()).contains("status:  8 succeeded");
    String vpcId = managed("vpc").get(0);
    Map<String, String> subnets = subnetsByResource();
    assertThat(subnets).containsOnlyKeys("subnet-a", "subnet-b");
    RouteTable routes = routeTable();
    assertThat(routes.routes())
        .anyMatch(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()) && r.gatewayId() != null);
    assertThat(routes.associations())
        .extracting(a -> a.subnetId())
        .filteredOn(id -> id != null)
        .containsExactlyInAnyOrderElementsOf(subnets.values());
    assertThat(s3.getBucketVersioning(r -> r.bucket("e2e-assets")).status())
        .isEqualTo(BucketVersioningStatus.ENABLED);
    assertThat(attachedPolicies()).containsExactly(READ_ONLY);

    ApiCalls.reset();
    CliRun plan = succeeded(CliRun.of("plan", env()), 0);
    System.out.println("AWS API calls of a no-op plan of 8 resources: " + ApiCalls.counts());
    // 11 reads observe the 8 resources (3 for the VPC and its two attributes, 2 each for the
    // bucket and the role, 1 for each other, the subnets' shared when they arrive together), 9
    // list the environment for prune (one per EC2 type, the buckets and roles, their tags).
    assertThat(ApiCalls.counts()).doesNotContainKeys("S3.HeadBucket");
    assertThat(ApiCalls.total()).isLessThanOrEqualTo(21);
    assertThat(plan.out()).doesNotContain(" create ").doesNotContain(" update ");

    // Drift made out of band: an attribute, an extra rule, a tag value, a detached policy.
    ec2.modifyVpcAttribute(
        r ->
            r.vpcId(vpcId)
                .enableDnsHostnames(
                    software.amazon.awssdk.services.ec2.model.AttributeBooleanValue.builder()
                        .value(false)
                        .build()));
    String groupId = managed("web").get(0);
    ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(groupId)
                .ipPermissions(
                    IpPermission.builder()
                        .ipProtocol("tcp")
                        .fromPort(22)
                        .toPort(22)
                        .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build())
                        .build()));
    ec2.createTags(
        r ->
            r.resources(subnets.get("subnet-a"))
                .tags(Tag.builder().key("zone").value("someone-else").build()));
    iam.detachRolePolicy(r -> r.roleName("e2e-app").policyArn(READ_ONLY));

    CliRun drift = succeeded(CliRun.of("drift", env()), 2);
    assertThat(drift.out())
        .contains("  ~ vpc (aws:ec2/Vpc) update ... pending (drifted)\n")
        .contains("  ~ web (aws:ec2/SecurityGroup) update ... pending (drifted)\n")
        .contains("  ~ subnet-a (aws:ec2/Subnet) update ... pending (drifted)\n")
        .contains("  ~ app-role (aws:iam/Role) update ... pending (drifted)\n")
        .doesNotContain("subnet-b (aws:ec2/Subnet) update");

    CliRun revert = succeeded(CliRun.of("drift", "--revert", env()), 0);
    assertThat(revert.out()).contains("  ~ vpc (aws:ec2/Vpc) update ... succeeded (drifted)\n");
    assertThat(
            ec2.describeVpcAttribute(
                    r -> r.vpcId(vpcId).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES))
                .enableDnsHostnames()
                .value())
        .isTrue();
    assertThat(securityGroup(groupId).ipPermissions())
        .extracting(IpPermission::fromPort)
        .containsExactly(443);
    assertThat(tags(subnet(subnets.get("subnet-a")).tags())).containsEntry("zone", "a");
    assertThat(attachedPolicies()).containsExactly(READ_ONLY);
    succeeded(CliRun.of("drift", env()), 0);

    // subnet-b leaves Git: apply disassociates it, then prunes it.
    assertThat(environment(false)).doesNotContain("subnet-b");
    repository.write("envs/e2e/environment.yaml", environment(false)).commit("drop subnet-b");
    CliRun prune = succeeded(CliRun.of("apply", env()), 0);
    assertThat(prune.out())
        .contains("  ~ public-routes (aws:ec2/RouteTable) update ... succeeded\n")
        .contains("  - subnet-b (aws:ec2/Subnet) delete ... succeeded\n");
    assertThat(subnetsByResource()).containsOnlyKeys("subnet-a");
    assertThat(ec2.describeSubnets(r -> r.filters(filter("subnet-id", subnets.get("subnet-b")))))
        .satisfies(found -> assertThat(found.subnets()).isEmpty());
    assertThat(managed("vpc")).containsExactly(vpcId);
    assertThat(managed("igw")).hasSize(1);
    assertThat(managed("web")).containsExactly(groupId);
    assertThat(routeTable().associations())
        .extracting(a -> a.subnetId())
        .filteredOn(id -> id != null)
        .containsExactly(subnets.get("subnet-a"));
    assertThat(s3.headBucket(r -> r.bucket("e2e-assets")).sdkHttpResponse().isSuccessful())
        .isTrue();
    assertThat(attachedPolicies()).containsExactly(READ_ONLY);
    succeeded(CliRun.of("plan", env()), 0);
  }

  static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }

  static Map<String, String> tags(List<Tag> tags) {
    return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
  }

  /** The ids of the EC2 things carrying the marks of resource {@code name} in this environment. */
  List<String> managed(String name) {
    List<Filter> marks =
        List.of(filter("tag:setpoint:environment", "e2e"), filter("tag:setpoint:resource", name));
    return switch (name) {
      case "vpc" ->
          ec2.describeVpcs(r -> r.filters(marks)).vpcs().stream().map(v -> v.vpcId()).toList();
      case "igw" ->
          ec2.describeInternetGateways(r -> r.filters(marks)).internetGateways().stream()
              .map(g -> g.internetGatewayId())
              .toList();
      case "web" ->
          ec2.describeSecurityGroups(r -> r.filters(marks)).securityGroups().stream()
              .map(SecurityGroup::groupId)
              .toList();
      default -> throw new IllegalArgumentException(name);
    };
  }

  Map<String, String> subnetsByResource() {
    return ec2
        .describeSubnets(r -> r.filters(filter("tag:setpoint:environment", "e2e")))
        .subnets()
        .stream()
        .collect(Collectors.toMap(s -> tags(s.tags()).get("setpoint:resource"), Subnet::subnetId));
  }

  Subnet subnet(String id) {
    return ec2.describeSubnets(r -> r.subnetIds(id)).subnets().get(0);
  }

  SecurityGroup securityGroup(String id) {
    return ec2.describeSecurityGroups(r -> r.groupIds(id)).securityGroups().get(0);
  }

  RouteTable routeTable() {
    List<RouteTable> tables =
        ec2.describeRouteTables(r -> r.filters(filter("tag:setpoint:resource", "public-routes")))
            .routeTables();
    assertThat(tables).hasSize(1);
    return tables.get(0);
  }

  List<String> attachedPolicies() {
    return iam.listAttachedRolePolicies(r -> r.roleName("e2e-app")).attachedPolicies().stream()
        .map(AttachedPolicy::policyArn)
        .toList();
  }
}
