package dev.setpoint.provider.aws;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real {@code moto_server} for the tests of one class: started before all, reset before each
 * test, stopped after all. Static register it; tests reach it at {@link #endpoint()} with the test
 * credentials it sets as the {@code aws.accessKeyId} / {@code aws.secretAccessKey} system
 * properties, which the SDK's default chain reads.
 */
public final class MotoServer implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  public static final String REGION = "us-east-1";
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  static final String INSTALL = "python3 -m pip install 'moto[server]'";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private boolean awsManagedPolicies;
  private Process process;
  private Path log;
  private URI endpoint;

  /**
   * Makes moto load the AWS-managed IAM policies ({@code arn:aws:iam::aws:policy/...}), which it
   * leaves out by default; the load makes each reset slower, so only the tests that attach them
   * ask.
   */
  public MotoServer withAwsManagedPolicies() {
    awsManagedPolicies = true;
    return this;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** An EC2 client of the tests' own, for what they do out of band; the caller closes it. */
  public Ec2Client ec2() {
    return Ec2Client.builder()
        .region(Region.of(REGION))
        .credentialsProvider(CREDENTIALS)
        .endpointOverride(endpoint)
        .build();
  }

  /** An S3 client (path-style, as moto needs) of the tests' own; the caller closes it. */
  public S3Client s3() {
    return S3Client.builder()
        .region(Region.of(REGION))
        .credentialsProvider(CREDENTIALS)
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .build();
  }

  /** An IAM client of the tests' own; the caller closes it. */
  public IamClient iam() {
    return IamClient.builder()
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(CREDENTIALS)
        .endpointOverride(endpoint)
        .build();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    String executable = findOnPath("moto_server");
    if (executable == null) {
      throw new IllegalStateException(
          "moto_server is not on the PATH; the AWS provider's tests need it: " + INSTALL);
    }
    int port = freePort();
    log = Files.createTempFile("moto", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    if (awsManagedPolicies) {
      builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
    }
    process = builder.start();
    endpoint = URI.create("http://127.0.0.1:" + port);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        reset();
        return;
      } catch (IOException e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          String output = Files.readString(log);
          process.destroyForcibly();
          throw new IllegalStateException("moto_server did not start: " + output, e);
        }
        Thread.sleep(100);
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    reset();
    authenticate(false);
  }

  /**
   * Makes moto check every request's keys and IAM policies ({@code true}), as AWS does, or accept
   * any (the default, restored before each test); the test credentials are not an IAM user's, so
   * with checks on only the keys of a user the test made are accepted.
   */
  public void authenticate(boolean on) throws IOException, InterruptedException {
    post("/moto-api/reset-auth", on ? "0" : "inf");
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    if (log != null) {
      Files.deleteIfExists(log);
    }
  }

  private void reset() throws IOException, InterruptedException {
    post("/moto-api/reset", "");
  }

  private void post(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("moto " + path + " answered " + response.statusCode());
    }
  }

  private static String findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : List.of(path.split(java.io.File.pathSeparator))) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
