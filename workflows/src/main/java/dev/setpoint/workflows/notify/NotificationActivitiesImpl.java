package dev.setpoint.workflows.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.setpoint.orchestrator.model.Notification;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts Slack-compatible JSON ({@code {"text": …}}, plus a {@code setpoint} object for other
 * receivers) to URLs read from this worker's environment. URLs are never logged: they are secrets.
 */
public final class NotificationActivitiesImpl implements NotificationActivities {

  private static final Logger log = LoggerFactory.getLogger(NotificationActivitiesImpl.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Function<String, String> environment;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  /** Reads URLs from the process environment. */
  public NotificationActivitiesImpl() {
    this(System::getenv);
  }

  /** Reads URLs through {@code environment}, for tests. */
  public NotificationActivitiesImpl(Function<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public int post(List<Notification> targets, NotificationMessage message) {
    byte[] body = body(message);
    int posted = 0;
    for (Notification target : targets) {
      if (!target.wants(message.event())) {
        continue;
      }
      String url = environment.apply(target.urlFromEnv());
      if (url == null || url.isBlank()) {
        log.warn(
            "notification for {} skipped: {} is not set on this worker",
            message.environment(),
            target.urlFromEnv());
        continue;
      }
      send(url, target.urlFromEnv(), body);
      posted++;
    }
    return posted;
  }

  private void send(String url, String variable, byte[] body) {
    HttpResponse<Void> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(TIMEOUT)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the URL in " + variable + " is not a valid URL", "InvalidNotificationUrl");
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "posting to the URL in " + variable + " failed: " + e.getMessage(), "NotificationFailed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", "NotificationFailed");
    }
    if (response.statusCode() >= 300) {
      throw ApplicationFailure.newFailure(
          "the URL in " + variable + " answered HTTP " + response.statusCode(),
          "NotificationFailed");
    }
  }

  private static byte[] body(NotificationMessage message) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("environment", message.environment());
    details.put("event", message.event().yamlName());
    details.put("revision", message.revision());
    details.put("workflowId", message.workflowId());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", message.text());
    body.put("setpoint", details);
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("a map of strings always serialises", e);
    }
  }
}
