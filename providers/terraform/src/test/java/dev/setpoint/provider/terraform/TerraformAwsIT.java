package dev.setpoint.provider.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.setpoint.orchestrator.git.GitSource;
import dev.setpoint.orchestrator.model.ProviderSettings;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.Change;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.provider.aws.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Terraform AWS provider, installed from the machine's filesystem mirror, against moto: a VPC
 * and a bucket are made, their tags changed out of band, and the drift is reported and reverted.
 * Skipped (not failed) where no mirror holds hashicorp/aws.
 */
class TerraformAwsIT {

  static final String BUCKET = "setpoint-tf-drift";

  static final String MAIN_TF =
      """
      terraform {
        required_providers {
          aws = { source = "hashicorp/aws" }
        }
      }
      variable "endpoint" { type = string }
      variable "team" { type = string }
      provider "aws" {
        region                      = "us-east-1"
        access_key                  = "testing"
        secret_key                  = "testing"
        skip_credentials_validation = true
        skip_metadata_api_check     = true
        skip_requesting_account_id  = true
        s3_use_path_style           = true
        endpoints {
          ec2 = var.endpoint
          s3  = var.endpoint
          sts = var.endpoint
        }
      }
      resource "aws_vpc" "this" {
        cidr_block = "10.42.0.0/16"
        tags       = { team = var.team }
        lifecycle {
          ignore_changes = [tags["owner"], tags_all["owner"]]
        }
      }
      resource "aws_s3_bucket" "logs" {
        bucket = "%s"
        tags   = { team = var.team }
      }
      output "vpc_id" { value = aws_vpc.this.id }
      output "bucket" { value = aws_s3_bucket.logs.bucket }
      """
          .formatted(BUCKET);

  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  @TempDir Path temp;

  /**
   * The mirror root (the folder above {@code registry.terraform.io}) that holds hashicorp/aws:
   * {@code SETPOINT_TERRAFORM_MIRROR}, or one of Terraform's usual plugin folders.
   */
  static Optional<Path> awsMirror() {
    String home = System.getProperty("user.home");
    return Stream.of(
            System.getenv("SETPOINT_TERRAFORM_MIRROR"),
            "/opt/tf-plugins",
            "/usr/share/terraform/plugins",
            "/usr/local/share/terraform/plugins",
            home + "/.terraform.d/plugins",
            home + "/.local/share/terraform/plugins")
        .filter(p -> p != null && !p.isBlank())
        .map(Path::of)
        .filter(p -> Files.isDirectory(p.resolve("registry.terraform.io/hashicorp/aws")))
        .findFirst();
  }

  @Test
  void aTagChangedOutOfBandIsReportedAsDriftAndApplyRevertsIt() throws Exception {
    Optional<Path> mirror = awsMirror();
    assumeTrue(
        mirror.isPresent(),
        "no Terraform filesystem mirror with hashicorp/aws (set SETPOINT_TERRAFORM_MIRROR)");
    try (TestRepository repo = TestRepository.init(temp.resolve("repo"))) {
      repo.write("terraform/aws/main.tf", MAIN_TF).commit("a VPC and a bucket");
      try (GitSource git = GitSource.openLocal(repo.root());
          Ec2Client ec2 = ec2();
          S3Client s3 = s3()) {
        ProviderContext context =
            new ProviderContext(
                "dev",
                "HEAD",
                new ProviderSettings(
                    "terraform", Map.of("pluginDir", mirror.get().toString()), null, null),
                git.tree(git.resolve(null, null)),
                temp.resolve("home/dev/network"),
                detail -> {});
        ResourceSpec spec =
            TerraformModuleIT.spec(
                "network",
                Map.of(
                    "source",
                    "terraform/aws",
                    "variables",
                    Map.of("endpoint", MOTO.endpoint().toString(), "team", "platform")),
                List.of());
        TerraformModuleHandler handler = new TerraformModuleHandler();

        Observation absent = handler.observe(spec, context);
        Outputs made = handler.apply(spec, handler.diff(spec, absent), context);
        String vpcId = (String) made.values().get("vpc_id");
        assertThat(vpcId).startsWith("vpc-");
        assertThat(made.values()).containsEntry("bucket", BUCKET);
        assertThat(vpcTeam(ec2, vpcId)).isEqualTo("platform");

        // someone changes both tags by hand
        ec2.createTags(
            r -> r.resources(vpcId).tags(Tag.builder().key("team").value("by-hand").build()));
        s3.putBucketTagging(
            r ->
                r.bucket(BUCKET)
                    .tagging(
                        t ->
                            t.tagSet(
                                software.amazon.awssdk.services.s3.model.Tag.builder()
                                    .key("team")
                                    .value("by-hand")
                                    .build())));

        Plan drift = handler.diff(spec, handler.observe(spec, context));
        assertThat(drift.action()).isEqualTo(Plan.Action.UPDATE);
        assertThat(drift.reason())
            .startsWith("changed outside Terraform: ")
            .contains("aws_vpc.this (tags.team, tags_all.team)")
            .contains("aws_s3_bucket.logs (tags.team, tags_all.team)");
        assertThat(drift.changes())
            .extracting(Change::path)
            .containsExactlyInAnyOrder("aws_vpc.this", "aws_s3_bucket.logs");
        Change vpc =
            drift.changes().stream()
                .filter(c -> c.path().equals("aws_vpc.this"))
                .findFirst()
                .orElseThrow();
        assertThat(vpc.before().toString()).contains("by-hand");
        assertThat(vpc.after().toString()).contains("platform");

        Outputs reverted = handler.apply(spec, drift, context);
        assertThat(reverted.values()).containsEntry("vpc_id", vpcId);
        assertThat(vpcTeam(ec2, vpcId)).isEqualTo("platform");
        assertThat(s3.getBucketTagging(r -> r.bucket(BUCKET)).tagSet())
            .extracting(t -> t.key() + "=" + t.value())
            .containsExactly("team=platform");
        assertThat(
                ec2.describeVpcs(
                        r ->
                            r.filters(Filter.builder().name("cidr").values("10.42.0.0/16").build()))
                    .vpcs())
            .as("the revert updated the VPC in place, it did not make another")
            .hasSize(1);
        assertThat(handler.diff(spec, handler.observe(spec, context))).isEqualTo(Plan.none());

        // a tag the module ignores changes only in the refresh-only plan: still drift (SPEC)
        ec2.createTags(
            r -> r.resources(vpcId).tags(Tag.builder().key("owner").value("by-hand").build()));
        Plan unmanaged = handler.diff(spec, handler.observe(spec, context));
        assertThat(unmanaged.action()).isEqualTo(Plan.Action.UPDATE);
        assertThat(unmanaged.reason())
            .startsWith("changed outside Terraform: ")
            .contains("aws_vpc.this (")
            .contains("tags.owner");
        assertThat(unmanaged.changes()).extracting(Change::path).containsExactly("aws_vpc.this");
        handler.apply(spec, unmanaged, context);
        assertThat(handler.diff(spec, handler.observe(spec, context)))
            .as("the apply recorded the ignored tag in the state: nothing drifts any more")
            .isEqualTo(Plan.none());
      }
    }
  }

  private static String vpcTeam(Ec2Client ec2, String vpcId) {
    return ec2.describeVpcs(r -> r.vpcIds(vpcId)).vpcs().get(0).tags().stream()
        .filter(t -> t.key().equals("team"))
        .map(Tag::value)
        .findFirst()
        .orElse(null);
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  }

  private static Ec2Client ec2() {
    return Ec2Client.builder()
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials())
        .endpointOverride(MOTO.endpoint())
        .build();
  }

  private static S3Client s3() {
    return S3Client.builder()
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials())
        .endpointOverride(MOTO.endpoint())
        .forcePathStyle(true)
        .build();
  }
}
