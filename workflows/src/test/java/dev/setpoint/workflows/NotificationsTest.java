package dev.setpoint.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import io.temporal.client.WorkflowStub;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs post what a person must hear about to the URL the worker's environment names, as the JSON a
 * Slack incoming webhook takes; a local HTTP server stands in for Slack.
 */
class NotificationsTest {

  static final String NOTIFY = "  notifications:\n  - urlFromEnv: SLACK_URL\n";

  @TempDir Path folder;
  WorkflowHarness harness;
  HttpServer slack;
  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  volatile int answer = 200;

  @BeforeEach
  void start() throws Exception {
    slack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    slack.createContext(
        "/hook",
        exchange -> {
          received.add(new ObjectMapper().readTree(exchange.getRequestBody()));
          exchange.sendResponseHeaders(answer, -1);
          exchange.close();
        });
    slack.start();
    harness = new WorkflowHarness(folder);
    harness.workerVariables.put(
        "SLACK_URL", "http://127.0.0.1:" + slack.getAddress().getPort() + "/hook");
  }

  @AfterEach
  void stop() {
    harness.close();
    slack.stop(0);
  }

  @Test
  void aFailedApplyPostsRunFailedNamingTheResourceAndItsError() throws Exception {
    harness.commit(NOTIFY, Definitions.network("net") + Definitions.network("after", "net"));
    harness.provider.failInvalid.put("net", "the CIDR block overlaps another network");

    RunReport report = harness.run(RunMode.APPLY);

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    JsonNode posted = only();
    assertThat(posted.path("setpoint").path("event").asText()).isEqualTo("runFailed");
    assertThat(posted.path("setpoint").path("environment").asText()).isEqualTo("dev");
    assertThat(posted.path("setpoint").path("revision").asText()).isEqualTo(report.revision());
    assertThat(posted.path("setpoint").path("workflowId").asText()).isEqualTo(report.workflowId());
    assertThat(posted.path("text").asText())
        .startsWith("apply of dev at " + report.revision().substring(0, 7) + " failed:")
        .contains("- net: ")
        .contains("the CIDR block overlaps another network")
        .contains("not run: after");
  }

  @Test
  void aDriftRunPostsDriftFoundNamingTheDriftedResource() throws Exception {
    harness.commit(
        NOTIFY,
        """
          - name: web
            type: test:net/Network
            properties: {cidrBlock: 10.0.0.0/16, enableDns: true}
          - name: db
            type: test:net/Network
            properties: {cidrBlock: 10.1.0.0/16}
        """);
    assertThat(harness.run(RunMode.APPLY).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(received).isEmpty();
    harness.provider.changeLive("web", "enableDns", false);

    harness.drift(false);

    JsonNode posted = only();
    assertThat(posted.path("setpoint").path("event").asText()).isEqualTo("driftFound");
    assertThat(posted.path("text").asText()).startsWith("drift in dev at ").endsWith(": web");

    received.clear();
    harness.drift(true);

    assertThat(only().path("text").asText())
        .startsWith("drift reverted in dev at ")
        .endsWith(": web");
  }

  @Test
  void aWaitingApprovalPostsTheHashAndTheCommandThatApprovesIt() throws Exception {
    harness.commit(
        ApprovalGateTest.APPROVAL
            + NOTIFY.replace("SLACK_URL\n", "SLACK_URL\n    events: [approvalWaiting]\n"),
        Definitions.network("net"));
    WorkflowStub run = harness.start(RunMode.APPLY, RunSettings.defaults());
    PendingApproval pending = ApprovalGateTest.pending(run);

    JsonNode posted = only();
    assertThat(posted.path("setpoint").path("event").asText()).isEqualTo("approvalWaiting");
    assertThat(posted.path("text").asText())
        .endsWith(
            "waits for approval of plan "
                + pending.planHash()
                + ": setpoint approve dev --plan "
                + pending.planHash());
    run.update("approve", String.class, pending.planHash());
    assertThat(run.getResult(RunReport.class).status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void aReceiverThatKeepsFailingDoesNotFailTheRun() throws Exception {
    answer = 500;
    harness.commit(NOTIFY, Definitions.network("net"));
    harness.provider.failInvalid.put("net", "refused");

    RunReport report = harness.run(RunMode.APPLY);

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(received).hasSize(3);
  }

  @Test
  void aRunWithoutNotificationsPostsNothing() throws Exception {
    harness.commit(Definitions.network("net"));
    harness.provider.failInvalid.put("net", "refused");

    assertThat(harness.run(RunMode.APPLY).status()).isEqualTo(RunStatus.FAILED);
    assertThat(received).isEmpty();
  }

  /** The one message posted, waiting for it since the post runs after the run's last step. */
  private JsonNode only() {
    await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
    assertThat(received).hasSize(1);
    return received.get(0);
  }
}
