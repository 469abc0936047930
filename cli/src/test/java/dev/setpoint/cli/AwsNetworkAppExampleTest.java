package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** examples/aws-network-app: both environments validate, and prod plans against the sandbox. */
class AwsNetworkAppExampleTest {

  private static final String EXAMPLE = "../examples/aws-network-app/environments/";

  @AfterEach
  void clearHome() {
    System.clearProperty("setpoint.home");
  }

  @Test
  void stagingAndProdValidateFromTheSharedBase() {
    CliRun staging = CliRun.of("validate", "--working-tree", EXAMPLE + "staging");
    CliRun prod = CliRun.of("validate", "--working-tree", EXAMPLE + "prod");

    assertThat(staging.exitCode()).as(staging.err()).isZero();
    assertThat(staging.out()).contains("environment \"staging\"").contains("14 resources");
    assertThat(prod.exitCode()).as(prod.err()).isZero();
    assertThat(prod.out()).contains("environment \"prod\"").contains("14 resources");
  }

  @Test
  void prodPlansAgainstASandboxStartedForTheCommand() throws Exception {
    assumeThat(Sandbox.findOnPath("moto_server")).as("moto_server installed").isNotNull();
    assumeThat(Sandbox.findOnPath("terraform")).as("terraform installed").isNotNull();
    System.setProperty("setpoint.home", Files.createTempDirectory("setpoint-home").toString());

    CliRun plan = CliRun.of("plan", "--working-tree", EXAMPLE + "prod", "--sandbox");

    assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(2);
    assertThat(plan.err()).contains("sandbox: started for this command only");
    assertThat(plan.out())
        .contains("cidrBlock: (unset) -> \"10.30.0.0/16\"")
        .contains("bucketName: (unset) -> \"prod-network-app-assets\"")
        .contains("actions: 14 create");
    assertThat(System.getProperty("aws.endpointUrl")).as("sandbox properties restored").isNull();
  }
}
