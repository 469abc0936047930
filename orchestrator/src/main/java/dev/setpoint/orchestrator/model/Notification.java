package dev.setpoint.orchestrator.model;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where to announce what happened to an environment: a Slack-compatible incoming-webhook URL, read
 * on the worker from the environment variable {@code urlFromEnv}, because such a URL is a secret
 * and never belongs in Git.
 *
 * @param urlFromEnv the name of the worker's environment variable holding the URL
 * @param events the events to post; all of them when the definition names none
 */
public record Notification(String urlFromEnv, Set<Event> events) {

  /** A POSIX environment variable name. */
  public static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** What a notification announces. */
  public enum Event {
    RUN_FAILED("runFailed"),
    DRIFT_FOUND("driftFound"),
    DRIFT_REVERTED("driftReverted"),
    APPROVAL_WAITING("approvalWaiting");

    private final String yamlName;

    Event(String yamlName) {
      this.yamlName = yamlName;
    }

    /** The spelling in the definition: {@code runFailed}. */
    public String yamlName() {
      return yamlName;
    }

    public static List<String> yamlNames() {
      return List.of(values()).stream().map(Event::yamlName).toList();
    }

    public static Event ofYamlName(String name) {
      for (Event event : values()) {
        if (event.yamlName.equals(name)) {
          return event;
        }
      }
      throw new IllegalArgumentException("not a notification event: " + name);
    }
  }

  public Notification {
    events = events == null || events.isEmpty() ? Set.of(Event.values()) : Set.copyOf(events);
  }

  public boolean wants(Event event) {
    return events.contains(event);
  }
}
