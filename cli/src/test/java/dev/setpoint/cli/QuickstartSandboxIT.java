package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The README's quickstart and walkthrough, through the packaged jar as a user runs it: {@code
 * setpoint sandbox} in one process, then {@code apply}, {@code drift}, {@code drift --revert} and
 * {@code destroy} with {@code --sandbox} from a repository holding examples/quickstart, each
 * checked against moto, the in-memory Kubernetes API and the disk. Skipped only when moto_server or
 * ansible-runner is not installed.
 */
class QuickstartSandboxIT {

  private static final Path JAR = Path.of("target/setpoint.jar").toAbsolutePath();
  private static final Path EXAMPLE =
      Path.of("..", "examples", "quickstart").toAbsolutePath().normalize();

  private Process sandbox;

  private record Result(int exitCode, String out, String err) {}

  @AfterEach
  void stopSandbox() throws InterruptedException {
    if (sandbox != null && sandbox.isAlive()) {
      sandbox.destroy();
      sandbox.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void quickstartAppliesDriftsRevertsAndDestroysAcrossAllFourProviders() throws Exception {
    assumeThat(Sandbox.findOnPath("moto_server")).as("moto_server on the PATH").isNotNull();
    assumeThat(Sandbox.findOnPath("ansible-runner")).as("ansible-runner on the PATH").isNotNull();
    Path home = Files.createTempDirectory("setpoint-home");
    Path repository = repositoryWithQuickstart();
    Path envFile = home.resolve("sandbox-env.sh");

    ProcessBuilder sandboxBuilder = builder(home, repository);
    sandboxBuilder.command(java("sandbox", "--env-file", envFile.toString()));
    sandboxBuilder.redirectOutput(home.resolve("sandbox.out").toFile());
    sandboxBuilder.redirectError(home.resolve("sandbox.err").toFile());
    sandbox = sandboxBuilder.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!Files.isRegularFile(envFile) || !Files.readString(envFile).contains("SETPOINT_HOME")) {
      assertThat(sandbox.isAlive())
          .as(() -> "sandbox exited: " + read(home.resolve("sandbox.err")))
          .isTrue();
      assertThat(System.nanoTime()).as("sandbox ready within 90 s").isLessThan(deadline);
      Thread.sleep(200);
    }
    Map<String, String> exports = exports(envFile);
    assertThat(read(home.resolve("sandbox.out")))
        .contains("this is a sandbox")
        .contains("export TEMPORAL_ADDRESS=");
    List<ProcessHandle> sandboxChildren = sandbox.descendants().toList();
    assertThat(sandboxChildren).as("moto_server runs under the sandbox").isNotEmpty();

    Path settingsFile = home.resolve("quickstart").resolve("app.env");
    try (S3Client s3 = s3(exports.get("AWS_ENDPOINT_URL"));
        Ec2Client ec2 = ec2(exports.get("AWS_ENDPOINT_URL"));
        KubernetesClient kubernetes = kubernetes(Path.of(exports.get("KUBECONFIG")))) {

      Result apply = setpoint(home, repository, "apply", "examples/quickstart", "--sandbox");
      assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
      assertThat(apply.err()).contains("sandbox: using the running sandbox");
      assertThat(bucketTags(s3)).containsEntry("team", "platform");
      assertThat(vpcCount(ec2)).isEqualTo(1);
      ConfigMap settings = configMap(kubernetes);
      assertThat(settings.getData())
          .containsEntry("BUCKET_NAME", "quickstart-assets")
          .containsEntry("CONFIG_PREFIX", "s3://quickstart-assets/config/")
          .containsEntry("SETTINGS_FILE", settingsFile.toString());
      assertThat(settings.getData().get("VPC_ID")).startsWith("vpc-");
      assertThat(Files.readString(settingsFile))
          .isEqualTo("CONFIG_PREFIX=s3://quickstart-assets/config/\n");

      Result plan = setpoint(home, repository, "plan", "examples/quickstart", "--sandbox");
      assertThat(plan.exitCode()).as("plan after apply shows nothing: " + plan.out()).isZero();

      // Drift each by hand, as the README's walkthrough does.
      // Only the team tag changes: Setpoint's own tags mark the bucket as managed.
      List<Tag> handEdited = new ArrayList<>();
      bucketTags(s3)
          .forEach(
              (key, value) ->
                  handEdited.add(
                      Tag.builder()
                          .key(key)
                          .value(key.equals("team") ? "someone" : value == null ? "" : value)
                          .build()));
      s3.putBucketTagging(b -> b.bucket("quickstart-assets").tagging(t -> t.tagSet(handEdited)));
      kubernetes
          .configMaps()
          .inNamespace("quickstart")
          .withName("app-settings")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"BUCKET_NAME\":\"by-hand\"}}");
      Files.writeString(settingsFile, "CONFIG_PREFIX=edited-by-hand\n");

      Result drift = setpoint(home, repository, "drift", "examples/quickstart", "--sandbox");
      assertThat(drift.exitCode()).as(drift.out() + drift.err()).isEqualTo(2);
      assertThat(drift.out()).contains("bucket").contains("app").contains("motd");

      Result revert =
          setpoint(home, repository, "drift", "--revert", "examples/quickstart", "--sandbox");
      assertThat(revert.exitCode()).as(revert.out() + revert.err()).isZero();
      assertThat(bucketTags(s3)).containsEntry("team", "platform");
      assertThat(configMap(kubernetes).getData()).containsEntry("BUCKET_NAME", "quickstart-assets");
      assertThat(Files.readString(settingsFile))
          .isEqualTo("CONFIG_PREFIX=s3://quickstart-assets/config/\n");

      Result destroy = setpoint(home, repository, "destroy", "examples/quickstart", "--sandbox");
      assertThat(destroy.exitCode()).as(destroy.out() + destroy.err()).isZero();
      assertThat(s3.listBuckets().buckets()).isEmpty();
      assertThat(vpcCount(ec2)).isZero();
      assertThat(kubernetes.configMaps().inNamespace("quickstart").withName("app-settings").get())
          .isNull();
      // A playbook has no inverse (docs/providers/ansible.md): its file stays.
      assertThat(settingsFile).exists();
    }

    sandbox.destroy(); // SIGTERM, as Ctrl-C would send SIGINT: the same shutdown path
    assertThat(sandbox.waitFor(30, TimeUnit.SECONDS)).as("sandbox stopped").isTrue();
    for (ProcessHandle child : sandboxChildren) {
      assertThat(child.onExit().get(10, TimeUnit.SECONDS).isAlive())
          .as("sandbox child " + child.pid() + " stopped")
          .isFalse();
    }
    assertThat(home.resolve("sandbox").resolve("sandbox.env")).doesNotExist();
  }

  /** A fresh Git repository holding examples/quickstart at its first commit. */
  private static Path repositoryWithQuickstart() throws Exception {
    Path repository = Files.createTempDirectory("setpoint-quickstart");
    Path target = repository.resolve("examples").resolve("quickstart");
    try (Stream<Path> files = Files.walk(EXAMPLE)) {
      for (Path file : files.toList()) {
        Path copy = target.resolve(EXAMPLE.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
    }
    try (Git git = Git.init().setDirectory(repository.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("quickstart")
          .setAuthor("test", "test@example.com")
          .setCommitter("test", "test@example.com")
          .setSign(false)
          .call();
    }
    return repository;
  }

  private static ProcessBuilder builder(Path home, Path repository) {
    ProcessBuilder builder = new ProcessBuilder().directory(repository.toFile());
    builder.environment().remove("TEMPORAL_ADDRESS");
    builder.environment().remove("KUBECONFIG");
    builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
    builder.environment().put("SETPOINT_HOME", home.toString());
    return builder;
  }

  private static Result setpoint(Path home, Path repository, String... args) throws Exception {
    Path out = Files.createTempFile(home, "out", ".txt");
    Path err = Files.createTempFile(home, "err", ".txt");
    Process process =
        builder(home, repository)
            .command(java(args))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("setpoint finished").isTrue();
    return new Result(process.exitValue(), read(out), read(err));
  }

  private static List<String> java(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    return command;
  }

  private static Map<String, String> exports(Path envFile) throws IOException {
    Map<String, String> exports = new HashMap<>();
    for (String line : Files.readAllLines(envFile)) {
      if (line.startsWith("export ")) {
        String assignment = line.substring("export ".length());
        int equals = assignment.indexOf('=');
        exports.put(assignment.substring(0, equals), assignment.substring(equals + 1));
      }
    }
    return exports;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  private static S3Client s3(String endpoint) {
    return S3Client.builder()
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .endpointOverride(URI.create(endpoint))
        .forcePathStyle(true)
        .build();
  }

  private static Ec2Client ec2(String endpoint) {
    return Ec2Client.builder()
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .endpointOverride(URI.create(endpoint))
        .build();
  }

  private static KubernetesClient kubernetes(Path kubeconfig) throws IOException {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
        .build();
  }

  private static Map<String, String> bucketTags(S3Client s3) {
    try {
      Map<String, String> tags = new HashMap<>();
      s3.getBucketTagging(b -> b.bucket("quickstart-assets"))
          .tagSet()
          .forEach(tag -> tags.put(tag.key(), tag.value()));
      return tags;
    } catch (NoSuchBucketException missing) {
      return Map.of();
    }
  }

  private static int vpcCount(Ec2Client ec2) {
    return ec2.describeVpcs(
            r -> r.filters(Filter.builder().name("cidr").values("10.42.0.0/16").build()))
        .vpcs()
        .size();
  }

  private static ConfigMap configMap(KubernetesClient kubernetes) {
    return kubernetes.configMaps().inNamespace("quickstart").withName("app-settings").get();
  }
}
