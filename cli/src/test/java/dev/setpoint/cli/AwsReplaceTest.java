package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.provider.aws.MotoServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

/**
 * Changes that need a resource destroyed and made anew (a VPC's CIDR, a bucket's or role's name),
 * through the engine the way a user reaches it: refused without {@code allowReplace: true}, with
 * the old things untouched and their dependents blocked, and carried out with it, leaving exactly
 * one of each.
 */
class AwsReplaceTest {

  static final String ENVIRONMENT =
      """
      apiVersion: setpoint.dev/v1alpha1
      kind: Environment
      metadata:
        name: replace
      spec:
        providers:
          aws:
            region: us-east-1
        policy:
          prune: true
        resources:
          - name: vpc
            type: aws:ec2/Vpc
            ALLOW
            properties:
              cidrBlock: 10.NET.0.0/16
          - name: assets
            type: aws:s3/Bucket
            ALLOW
            properties:
              bucketName: replace-assetsSUFFIX
          - name: app-role
            type: aws:iam/Role
            ALLOW
            properties:
              roleName: replace-appSUFFIX
              assumeRolePolicy:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: {Service: ec2.amazonaws.com}
                    Action: sts:AssumeRole
      """;

  static final String SUBNET =
      """
          - name: subnet
            type: aws:ec2/Subnet
            properties:
              vpcId: ${vpc.id}
              cidrBlock: 10.0.1.0/24
      """;

  /** The environment at generation {@code net} (0 the first), optionally permitting replaces. */
  static String environment(int net, boolean allowReplace, boolean withSubnet) {
    return ENVIRONMENT
            .replace("ALLOW", "allowReplace: " + allowReplace)
            .replace("NET", String.valueOf(net))
            .replace("SUFFIX", net == 0 ? "" : "-" + net)
        + (withSubnet ? SUBNET : "");
  }

  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  @TempDir Path folder;
  MotoCli aws;
  TestRepository repository;
  Ec2Client ec2;
  S3Client s3;
  IamClient iam;

  @BeforeEach
  void start() throws Exception {
    aws = MotoCli.open(folder, MOTO);
    repository = aws.repository();
    ec2 = aws.ec2();
    s3 = aws.s3();
    iam = aws.iam();
  }

  @AfterEach
  void forget() {
    aws.close();
  }

  String env() {
    return repository.root().resolve("envs/replace").toString();
  }

  void commit(String environment, String message) throws Exception {
    repository.write("envs/replace/environment.yaml", environment).commit(message);
  }

  CliRun apply(int exitCode) {
    CliRun run = CliRun.of("apply", env());
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(exitCode);
    return run;
  }

  @Test
  void aReplacementIsRefusedWithoutAllowReplaceAndCarriedOutWithIt() throws Exception {
    commit(environment(0, false, true), "first");
    apply(0);
    Vpc first = ourVpcs().get(0);
    assertThat(buckets()).containsExactly("replace-assets");
    assertThat(roles()).containsExactly("replace-app");

    commit(environment(1, false, true), "new CIDR and names, without allowReplace");
    CliRun refused = apply(1);
    assertThat(refused.out())
        .contains(
            "failed:  vpc (aws:ec2/Vpc): aws:ec2/Vpc \"vpc\" must be replaced (cidrBlock cannot"
                + " change in place): set allowReplace: true")
        .contains(
            "failed:  assets (aws:s3/Bucket): aws:s3/Bucket \"assets\" must be replaced"
                + " (bucketName cannot change in place): set allowReplace: true")
        .contains("failed:  app-role (aws:iam/Role)")
        .contains("skipped: subnet (aws:ec2/Subnet): blocked by vpc\n");
    assertThat(ourVpcs()).extracting(Vpc::vpcId).containsExactly(first.vpcId());
    assertThat(ourVpcs()).extracting(Vpc::cidrBlock).containsExactly("10.0.0.0/16");
    assertThat(buckets()).containsExactly("replace-assets");
    assertThat(roles()).containsExactly("replace-app");

    // A VPC that still holds a subnet cannot be deleted: the subnet leaves Git first.
    commit(environment(0, false, false), "back, without the subnet");
    assertThat(apply(0).out()).contains("  - subnet (aws:ec2/Subnet) delete ... succeeded\n");

    commit(environment(1, true, false), "new CIDR and names, with allowReplace");
    CliRun replaced = apply(0);
    assertThat(replaced.out())
        .contains("vpc (aws:ec2/Vpc) replace ... succeeded")
        .contains("assets (aws:s3/Bucket) replace ... succeeded")
        .contains("app-role (aws:iam/Role) replace ... succeeded");
    assertThat(ourVpcs()).extracting(Vpc::cidrBlock).containsExactly("10.1.0.0/16");
    assertThat(ourVpcs()).extracting(Vpc::vpcId).doesNotContain(first.vpcId());
    assertThat(buckets()).containsExactly("replace-assets-1");
    assertThat(roles()).containsExactly("replace-app-1");
    assertThat(CliRun.of("plan", env()).exitCode()).isZero();
  }

  @Test
  void aRenameOntoANameTakenOutsideSetpointIsRefusedBeforeAnythingChangesUntilAdopted()
      throws Exception {
    commit(environment(0, true, false), "first");
    apply(0);
    s3.createBucket(r -> r.bucket("replace-assets-1"));
    iam.createRole(
        r ->
            r.roleName("replace-app-1")
                .assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},"
                        + "\"Action\":\"sts:AssumeRole\"}]}"));

    commit(environment(1, true, false), "new names, taken by hand-made ones");
    CliRun refused = apply(1);
    for (String failed : List.of("failed:  assets (aws:s3/Bucket): ", "failed:  app-role")) {
      assertThat(refused.out().lines().filter(line -> line.contains(failed)))
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains("already exists and Setpoint does not manage it; set adopt: true");
    }
    assertThat(buckets()).containsExactlyInAnyOrder("replace-assets", "replace-assets-1");
    assertThat(roles()).containsExactlyInAnyOrder("replace-app", "replace-app-1");
    assertThat(s3.getBucketTagging(r -> r.bucket("replace-assets")).tagSet())
        .anyMatch(tag -> tag.key().equals("setpoint:resource") && tag.value().equals("assets"));

    commit(
        environment(1, true, false)
            .replace("allowReplace: true", "allowReplace: true\n      adopt: true"),
        "adopt the hand-made ones");
    CliRun adopted = apply(0);
    assertThat(adopted.out())
        .contains("assets (aws:s3/Bucket) replace ... succeeded")
        .contains("app-role (aws:iam/Role) replace ... succeeded");
    assertThat(buckets()).containsExactly("replace-assets-1");
    assertThat(roles()).containsExactly("replace-app-1");
    assertThat(CliRun.of("plan", env()).exitCode()).isZero();
  }

  List<Vpc> ourVpcs() {
    return ec2.describeVpcs(
            r ->
                r.filters(
                    Filter.builder().name("tag:setpoint:environment").values("replace").build()))
        .vpcs();
  }

  List<String> buckets() {
    return s3.listBuckets().buckets().stream().map(Bucket::name).toList();
  }

  List<String> roles() {
    return iam.listRoles().roles().stream().map(Role::roleName).toList();
  }
}
