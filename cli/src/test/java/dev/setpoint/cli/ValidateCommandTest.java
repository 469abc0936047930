package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.testing.TestRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@code setpoint validate} against real Git repositories, through the CLI entry point. */
class ValidateCommandTest {

  private static final String VALID =
      """
      apiVersion: setpoint.dev/v1alpha1
      kind: Environment
      metadata:
        name: dev
      spec:
        variables: {region: eu-west-1}
        providers:
          aws: {region: "${var.region}"}
        resources:
          - name: vpc
            type: aws:ec2/Vpc
            properties: {cidrBlock: 10.0.0.0/16}
          - name: subnet
            type: aws:ec2/Subnet
            properties: {vpcId: "${vpc.id}", cidrBlock: 10.0.1.0/24}
      """;

  private static final String BROKEN =
      """
      apiVersion: setpoint.dev/v1alpha1
      kind: Environment
      metadata:
        name: dev
      spec:
        resources:
          - name: vpc
            type: aws:ec2/Vpc
            properties: {cidrBlock: 10.0.0.0/33, enableDnsHostname: true}
          - name: subnet
            type: aws:ec2/Subnet
            properties: {vpcId: "${vpcc.id}", cidrBlock: 10.0.1.0/24}
      """;

  @TempDir Path folder;
  private TestRepository repository;
  private String first;

  @BeforeEach
  void commitAValidEnvironment() throws Exception {
    repository = TestRepository.init(folder.resolve("repo"));
    repository.write("envs/dev/environment.yaml", VALID);
    first = repository.commit("dev environment");
    repository.tag("v1");
  }

  private String env() {
    return repository.root().resolve("envs/dev").toString();
  }

  @Test
  void validEnvironmentExitsZeroAndSaysWhatItRead() {
    CliRun run = CliRun.of("validate", env());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "valid: environment \"dev\" (commit "
                + first.substring(0, 7)
                + " (main)): 2 resources, 1 providers\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void everyErrorIsPrintedWithItsPlaceAndTheExitCodeIsOne() throws Exception {
    String broken = repository.write("envs/dev/environment.yaml", BROKEN).commit("break it");

    CliRun run = CliRun.of("validate", env());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines())
        .containsExactly(
            "envs/dev/environment.yaml:9:31: error: invalid CIDR block \"10.0.0.0/33\": the prefix"
                + " length is at most 32, not 33",
            "envs/dev/environment.yaml:9:44: error: unknown field \"enableDnsHostname\" in"
                + " aws:ec2/Vpc properties (did you mean \"enableDnsHostnames\"?)",
            "envs/dev/environment.yaml:12:28: error: unknown resource \"vpcc\" in reference"
                + " ${vpcc.id} (did you mean \"vpc\"?)",
            "invalid: 3 errors in envs/dev/environment.yaml (commit "
                + broken.substring(0, 7)
                + " (main))");
  }

  @Test
  void readsTheCommitNotTheDiskAndWarnsAboutUncommittedChanges() throws Exception {
    repository.write("envs/dev/environment.yaml", BROKEN);

    CliRun run = CliRun.of("validate", env());

    assertThat(run.exitCode()).isZero();
    assertThat(run.err())
        .isEqualTo(
            "warning: envs/dev/environment.yaml has uncommitted changes"
                + " (envs/dev/environment.yaml) that this run does not see: commit them, or use"
                + " --working-tree\n");
  }

  @Test
  void workingTreeReadsTheFilesOnDisk() throws Exception {
    repository.write("envs/dev/environment.yaml", BROKEN);

    CliRun run = CliRun.of("validate", "--working-tree", env());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("invalid: 3 errors in envs/dev/environment.yaml (working tree)");
  }

  @Test
  void refAndRevisionChooseTheCommit() throws Exception {
    repository.write("envs/dev/environment.yaml", BROKEN).commit("break it");

    assertThat(CliRun.of("validate", "--ref", "v1", env()).exitCode()).isZero();
    assertThat(CliRun.of("validate", "--revision", first.substring(0, 10), env()).exitCode())
        .isZero();
    assertThat(CliRun.of("validate", "--ref", "main", env()).exitCode()).isEqualTo(1);
  }

  @Test
  void remoteRepositoryIsClonedIntoSetpointHome() {
    System.setProperty("setpoint.home", folder.resolve("home").toString());
    try {
      CliRun run =
          CliRun.of(
              "validate",
              "--repo",
              repository.root().toUri().toString(),
              "--ref",
              "main",
              "envs/dev");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out())
          .startsWith("valid: environment \"dev\" (commit " + first.substring(0, 7));
      assertThat(folder.resolve("home/repos")).isNotEmptyDirectory();
    } finally {
      System.clearProperty("setpoint.home");
    }
  }

  @Test
  void badInputIsOneLineWithoutAStackTrace() {
    CliRun notARepository = CliRun.of("validate", folder.toString());
    CliRun unknownRef = CliRun.of("validate", "--ref", "relase", env());

    assertThat(notARepository.exitCode()).isEqualTo(1);
    assertThat(notARepository.err().lines()).hasSize(1);
    assertThat(notARepository.err()).startsWith("error: not a Git repository: ");
    assertThat(unknownRef.err().lines()).hasSize(1);
    assertThat(unknownRef.err()).startsWith("error: unknown ref \"relase\"").contains("main");
  }

  @Test
  void debugPrintsTheStackTrace() {
    var temporal = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.temporal");
    var before = temporal.getLevel();
    CliRun run = CliRun.of("validate", "--debug", folder.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: not a Git repository").contains("\tat dev.setpoint.");
    assertThat(temporal.getLevel())
        .as("--debug shows Temporal's warnings for its own run only, not the next in this JVM")
        .isEqualTo(before)
        .isNotEqualTo(ch.qos.logback.classic.Level.WARN);
  }

  @Test
  void missingEnvironmentSaysWhereItLooked() {
    CliRun run = CliRun.of("validate", repository.root().resolve("envs").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: no environment.yaml in \"envs\" in the commit ");
  }

  @Test
  void aCommittedSymlinkOutOfTheRepositoryIsAnErrorAtThePathThatUsesIt() throws Exception {
    Files.createDirectories(folder.resolve("outside"));
    Files.writeString(folder.resolve("outside/main.tf"), "# not in the repository\n");
    Files.createDirectories(repository.root().resolve("modules"));
    Files.createSymbolicLink(repository.root().resolve("modules/app"), Path.of("../../outside"));
    repository
        .write(
            "envs/dev/environment.yaml",
            VALID
                + """
                    - name: app
                      type: terraform:Module
                      properties: {source: ../../modules/app}
                """)
        .commit("a module behind a symlink");

    CliRun run = CliRun.of("validate", env());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().lines().findFirst())
        .contains(
            "envs/dev/environment.yaml:18:28: error: symlink modules/app -> ../../outside leads"
                + " out of the repository");
  }

  @Test
  void usageErrorsExitWithPicocliCodeAndHelp() {
    CliRun run = CliRun.of("validate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required parameter: 'ENV'");
  }
}
