package dev.setpoint.workflows.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.setpoint.orchestrator.model.Notification;
import dev.setpoint.orchestrator.model.Notification.Event;
import io.temporal.failure.ApplicationFailure;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Posts to a real local HTTP server standing in for a Slack incoming webhook. */
class NotificationActivitiesTest {

  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private HttpServer server;
  private String url;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          received.add(new ObjectMapper().readTree(exchange.getRequestBody()));
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void postsSlackJsonToEveryTargetThatWantsTheEvent() {
    NotificationActivitiesImpl notifier =
        new NotificationActivitiesImpl(Map.of("SLACK_URL", url, "PAGER_URL", url)::get);
    int posted =
        notifier.post(
            List.of(
                new Notification("SLACK_URL", Set.of()),
                new Notification("PAGER_URL", Set.of(Event.RUN_FAILED))),
            new NotificationMessage(
                "staging", Event.DRIFT_FOUND, "9f2c1e4", "drift in staging: web", "wf-1"));

    assertThat(posted).isEqualTo(1);
    assertThat(received)
        .singleElement()
        .satisfies(
            json -> {
              assertThat(json.path("text").asText()).isEqualTo("drift in staging: web");
              assertThat(json.path("setpoint").path("event").asText()).isEqualTo("driftFound");
              assertThat(json.path("setpoint").path("environment").asText()).isEqualTo("staging");
              assertThat(json.path("setpoint").path("workflowId").asText()).isEqualTo("wf-1");
            });
  }

  @Test
  void aTargetWhoseVariableIsUnsetIsSkipped() {
    NotificationActivitiesImpl notifier =
        new NotificationActivitiesImpl(Map.<String, String>of()::get);
    assertThat(
            notifier.post(
                List.of(new Notification("SLACK_URL", Set.of())),
                new NotificationMessage("staging", Event.RUN_FAILED, null, "failed", "wf-1")))
        .isZero();
    assertThat(received).isEmpty();
  }

  @Test
  void aReceiverThatAnswersAnErrorFailsTheActivitySoTemporalRetriesIt() {
    status = 503;
    NotificationActivitiesImpl notifier =
        new NotificationActivitiesImpl(Map.of("SLACK_URL", url)::get);
    assertThatThrownBy(
            () ->
                notifier.post(
                    List.of(new Notification("SLACK_URL", Set.of())),
                    new NotificationMessage("staging", Event.RUN_FAILED, null, "failed", "wf-1")))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("the URL in SLACK_URL answered HTTP 503")
        .hasMessageNotContaining(url);
  }
}
