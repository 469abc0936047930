package dev.setpoint.cli.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook server over real HTTP, with payloads shaped as GitHub and GitLab send them. */
class WebhookServerTest {

  private static final String SECRET = "s3cret-for-tests";
  private static final String COMMIT = "9f2c1e4b7a0d3c5e8f1a2b3c4d5e6f708192a3b4";

  private static final String GITHUB_PUSH =
      """
      {"ref": "refs/heads/main", "before": "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
       "after": "%s",
       "repository": {"full_name": "acme/envs", "clone_url": "https://github.com/acme/envs.git",
                      "ssh_url": "git@github.com:acme/envs.git",
                      "html_url": "https://github.com/acme/envs"},
       "pusher": {"name": "alice"}}
      """
          .formatted(COMMIT);

  private static final String GITLAB_PUSH =
      """
      {"object_kind": "push", "ref": "refs/heads/release", "checkout_sha": "%1$s", "after": "%1$s",
       "project": {"path_with_namespace": "acme/envs",
                   "git_http_url": "https://gitlab.example.com/acme/envs.git",
                   "git_ssh_url": "git@gitlab.example.com:acme/envs.git",
                   "web_url": "https://gitlab.example.com/acme/envs"}}
      """
          .formatted(COMMIT);

  private final List<PushEvent> pushes = new CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newHttpClient();
  private WebhookServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        WebhookServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            new PushRequests(SECRET),
            push -> {
              pushes.add(push);
              return 1;
            });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aGitHubPushWithTheRightSignatureSignalsItsBranch() throws Exception {
    HttpResponse<String> response =
        post(GITHUB_PUSH, "X-GitHub-Event", "push", "X-Hub-Signature-256", sign(GITHUB_PUSH));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("{\"signalled\":1}");
    assertThat(pushes)
        .singleElement()
        .satisfies(
            push -> {
              assertThat(push.source()).isEqualTo("github");
              assertThat(push.branch()).isEqualTo("main");
              assertThat(push.commit()).isEqualTo(COMMIT);
              assertThat(push.isFor("ssh://git@github.com/acme/envs")).isTrue();
              assertThat(push.isFor("https://github.com/acme/envs.git")).isTrue();
              assertThat(push.isFor("https://github.com/acme/other.git")).isFalse();
            });
  }

  @Test
  void aGitLabPushWithTheRightTokenSignalsItsBranch() throws Exception {
    HttpResponse<String> response =
        post(GITLAB_PUSH, "X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", SECRET);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(pushes)
        .singleElement()
        .satisfies(
            push -> {
              assertThat(push.source()).isEqualTo("gitlab");
              assertThat(push.branch()).isEqualTo("release");
              assertThat(push.isFor("git@gitlab.example.com:acme/envs.git")).isTrue();
            });
  }

  @Test
  void aGenericPushIsSignedLikeGitHubsUnderItsOwnHeader() throws Exception {
    String body =
        "{\"repository\": \"file:///srv/git/envs\", \"ref\": \"main\", \"commit\": \""
            + COMMIT
            + "\"}";
    HttpResponse<String> response = post(body, PushRequests.GENERIC_SIGNATURE_HEADER, sign(body));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(pushes)
        .singleElement()
        .satisfies(
            push -> {
              assertThat(push.branch()).isEqualTo("main");
              assertThat(push.isFor("file:///srv/git/envs.git")).isTrue();
            });
  }

  @Test
  void aBadSignatureIsRejectedWith401AndSignalsNothing() throws Exception {
    String forged = GITHUB_PUSH.replace("main", "prod");
    assertThat(
            post(forged, "X-GitHub-Event", "push", "X-Hub-Signature-256", sign(GITHUB_PUSH))
                .statusCode())
        .isEqualTo(401);
    assertThat(
            post(GITLAB_PUSH, "X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", "guess")
                .statusCode())
        .isEqualTo(401);
    HttpResponse<String> unsigned = post(GITHUB_PUSH, "Content-Type", "application/json");
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(unsigned.body()).contains("X-Hub-Signature-256");
    assertThat(pushes).isEmpty();
  }

  @Test
  void pingsTagsAndDeletedBranchesAreAcknowledgedButSyncNothing() throws Exception {
    String ping = "{\"zen\": \"Keep it logically awesome.\"}";
    assertThat(post(ping, "X-GitHub-Event", "ping", "X-Hub-Signature-256", sign(ping)).statusCode())
        .isEqualTo(200);
    String tag = GITHUB_PUSH.replace("refs/heads/main", "refs/tags/v1");
    assertThat(post(tag, "X-GitHub-Event", "push", "X-Hub-Signature-256", sign(tag)).body())
        .contains("a tag push");
    String deleted = GITHUB_PUSH.replace(COMMIT, "0".repeat(40));
    assertThat(post(deleted, "X-GitHub-Event", "push", "X-Hub-Signature-256", sign(deleted)).body())
        .contains("a deleted branch");
    assertThat(pushes).isEmpty();
  }

  @Test
  void aSignedBodyThatIsNotAPushIsABadRequest() throws Exception {
    String body = "[1, 2]";
    assertThat(post(body, PushRequests.GENERIC_SIGNATURE_HEADER, sign(body)).statusCode())
        .isEqualTo(400);
  }

  private HttpResponse<String> post(String body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + WebhookServer.PATH))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String sign(String body) {
    return PushRequests.signature(SECRET, body);
  }
}
