package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar, run as a user runs it: proves the shaded jar starts, finds every provider's
 * schema through the merged ServiceLoader files, and validates the examples of this repository.
 */
class SetpointJarIT {

  private static final Path JAR = Path.of("target/setpoint.jar").toAbsolutePath();
  private static final Path REPOSITORY_ROOT = Path.of("..").toAbsolutePath().normalize();

  private record Result(int exitCode, String out, String err) {}

  private static Result setpoint(String... args) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder();
    builder.environment().remove("TEMPORAL_ADDRESS"); // the embedded server, as on a fresh machine
    // No AWS credentials anywhere, and never the instance-metadata address: the AWS provider must
    // say so in one line per resource, at once.
    builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
    builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    builder.environment().put("AWS_REGION", "us-east-1");
    builder.environment().put("AWS_CONFIG_FILE", "/nonexistent/setpoint-test/config");
    builder
        .environment()
        .put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/setpoint-test/credentials");
    builder
        .environment()
        .put("SETPOINT_HOME", Files.createTempDirectory("setpoint-home").toString());
    return setpoint(builder, args);
  }

  private static Result setpoint(ProcessBuilder builder, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("setpoint-out", ".txt");
    Path err = Files.createTempFile("setpoint-err", ".txt");
    Process process =
        builder
            .command(command)
            .directory(REPOSITORY_ROOT.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("setpoint finished").isTrue();
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Test
  void versionAndHelp() throws Exception {
    Result version = setpoint("--version");
    Result help = setpoint("--help");

    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("setpoint 0.");
    assertThat(help.out()).contains("Usage: setpoint").contains("validate");
  }

  @Test
  void validatesTheAllProvidersExampleWithEveryProvidersSchema() throws Exception {
    Result result =
        setpoint("validate", "--working-tree", "examples/all-providers/environments/staging");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .isEqualTo("valid: environment \"staging\" (working tree): 11 resources, 4 providers\n");
  }

  /**
   * A run through the jar's embedded Temporal server and worker, with every provider the jar has.
   * Without AWS credentials, and with providers not built yet, resources fail on their own line, in
   * a report, rather than the command crashing: that proves the shaded jar's gRPC and Temporal
   * wiring and the AWS provider's registration.
   */
  @Test
  void plansTheAllProvidersExampleThroughTheEmbeddedTemporalServer() throws Exception {
    Result result = setpoint("plan", "examples/all-providers/environments/staging");

    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(1);
    assertThat(result.out())
        .startsWith("plan staging at ")
        .contains(": workflow setpoint-staging-plan-")
        .containsPattern(
            "  = vpc \\(aws:ec2/Vpc\\) none \\.\\.\\. failed: .*no AWS credentials on this worker")
        .contains("skipped: app (kubernetes:Manifests): blocked by ")
        .contains("plan of staging at commit ")
        // the counts move as providers get built (terraform lists what it manages: nothing)
        .containsPattern("status:  [0-9]+ failed, [0-9]+ skipped")
        .contains("could not list the resources provider kubernetes manages");
    assertThat(result.err()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(result.err().lines())
        .allMatch(line -> line.startsWith("error: ") || line.startsWith("warning: "));
  }
}
