package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.setpoint.cli.webhook.ControllerSync;
import dev.setpoint.cli.webhook.PushRequests;
import dev.setpoint.cli.webhook.WebhookServer;
import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.workflows.SharedCloudProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed push reaches the controller that follows the pushed repository and branch: it applies
 * the new commit long before its hourly poll, and a wrongly signed push changes nothing.
 */
class WebhookSyncTest {

  private static final String SECRET = "webhook-secret-for-tests";

  @TempDir Path folder;
  TestRepository repository;
  ClientModeServer temporal;
  WebhookServer webhook;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    SharedCloudProvider.reset();
    System.setProperty("setpoint.home", folder.resolve("home").toString());
    repository = TestRepository.init(folder.resolve("repo"));
    repository.write("envs/dev/environment.yaml", hourly(ReconcileCommandsTest.ENVIRONMENT));
    repository.commit("dev environment");
    temporal = ClientModeServer.start(folder.resolve("worker-home"), true).startWorkers();
    webhook =
        WebhookServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            new PushRequests(SECRET),
            new ControllerSync(temporal.client()));
  }

  @AfterEach
  void stop() {
    webhook.close();
    temporal.close();
    repository.close();
    System.clearProperty("setpoint.home");
  }

  @Test
  void aSignedPushMakesTheControllerApplyTheNewCommitNow() throws Exception {
    assertThat(CliRun.of("controller", "start", env()).exitCode()).isZero();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> SharedCloudProvider.live().containsKey("sub"));
    repository.write(
        "envs/dev/environment.yaml",
        hourly(ReconcileCommandsTest.ENVIRONMENT.replace("team: platform", "team: payments")));
    String second = repository.commit("payments owns the network");

    HttpResponse<String> forged = push(second, "sha256=" + "00".repeat(32));
    assertThat(forged.statusCode()).isEqualTo(401);
    HttpResponse<String> pushed = push(second, null);

    assertThat(pushed.statusCode()).isEqualTo(202);
    assertThat(pushed.body()).isEqualTo("{\"signalled\":1}");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Map.of("team", "payments")
                    .equals(SharedCloudProvider.live().get("net").get("tags")));
    assertThat(CliRun.of("controller", "stop", env()).exitCode()).isZero();
  }

  @Test
  void aPushToAnotherRepositorySignalsNobody() throws Exception {
    assertThat(CliRun.of("controller", "start", env()).exitCode()).isZero();
    String body =
        "{\"repository\": \"https://example.com/other.git\", \"ref\": \"refs/heads/main\","
            + " \"commit\": \""
            + "a".repeat(40)
            + "\"}";
    assertThat(post(body, sign(body)).body()).isEqualTo("{\"signalled\":0}");
    assertThat(CliRun.of("controller", "stop", env()).exitCode()).isZero();
  }

  @Test
  void aWorkerAskedForWebhooksWithoutASecretSaysWhereItGoes() {
    CliRun worker = CliRun.of("worker", "--webhook-port", "0");
    assertThat(worker.exitCode()).isEqualTo(1);
    assertThat(worker.err().strip())
        .isEqualTo(
            "error: --webhook-port needs the webhook's shared secret in SETPOINT_WEBHOOK_SECRET"
                + " (the secret you set in GitHub or GitLab)");
  }

  private HttpResponse<String> push(String commit, String signature) throws Exception {
    String body =
        new ObjectMapper()
            .writeValueAsString(
                Map.of(
                    "repository",
                    repository.root().toUri().toString(),
                    "ref",
                    "refs/heads/main",
                    "commit",
                    commit));
    return post(body, signature == null ? sign(body) : signature);
  }

  private HttpResponse<String> post(String body, String signature) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + webhook.port() + WebhookServer.PATH))
            .header(PushRequests.GENERIC_SIGNATURE_HEADER, signature)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String sign(String body) {
    return PushRequests.signature(SECRET, body);
  }

  private static String hourly(String environment) {
    return environment.replace("spec:\n", "spec:\n  sync: {interval: 1h}\n");
  }

  private String env() {
    return repository.root().resolve("envs/dev").toString();
  }
}
