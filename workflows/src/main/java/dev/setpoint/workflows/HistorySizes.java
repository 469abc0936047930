package dev.setpoint.workflows;

import com.google.protobuf.Message;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures a workflow's history against Temporal's limits: how many events, and the largest single
 * payload anywhere in it (inputs, results, signals, memo, failures' details). Counts, not times, so
 * tests may assert them.
 */
public final class HistorySizes {

  /** Temporal warns at this many events in one history. */
  public static final int EVENT_WARNING = 10_240;

  /** Temporal warns at a payload this large (and refuses one of 2 MB). */
  public static final int PAYLOAD_WARNING = 256 * 1024;

  private HistorySizes() {}

  /**
   * What the histories of a run's workflows hold together.
   *
   * @param events summed over every workflow
   * @param largestHistory the events of the largest single history
   * @param largestPayload bytes of the largest single payload in any of them
   * @param largestPayloadEvent the type of the event that carries it ({@code
   *     ActivityTaskCompleted})
   */
  public record Totals(
      int workflows,
      int events,
      int largestHistory,
      int largestPayload,
      String largestPayloadEvent) {}

  /** Reads the history of each of {@code workflowIds} and measures them together. */
  public static Totals of(WorkflowClient client, List<String> workflowIds) {
    int events = 0;
    int largestHistory = 0;
    int largestPayload = 0;
    String largestPayloadEvent = "";
    for (String workflowId : workflowIds) {
      WorkflowExecutionHistory history = client.fetchHistory(workflowId);
      events += history.getEvents().size();
      largestHistory = Math.max(largestHistory, history.getEvents().size());
      Map<Long, String> activities = new HashMap<>();
      for (HistoryEvent event : history.getEvents()) {
        if (event.hasActivityTaskScheduledEventAttributes()) {
          activities.put(
              event.getEventId(),
              event.getActivityTaskScheduledEventAttributes().getActivityType().getName());
        }
        int size = largestPayload(event);
        if (size > largestPayload) {
          largestPayload = size;
          largestPayloadEvent = eventName(event, activities);
        }
      }
    }
    return new Totals(
        workflowIds.size(), events, largestHistory, largestPayload, largestPayloadEvent);
  }

  /** {@code ACTIVITY_TASK_COMPLETED SourceSlice}: the event type, and the activity's or child's. */
  private static String eventName(HistoryEvent event, Map<Long, String> activities) {
    String type = event.getEventType().name().replace("EVENT_TYPE_", "");
    String name = "";
    if (event.hasActivityTaskScheduledEventAttributes()) {
      name = activities.get(event.getEventId());
    } else if (event.hasActivityTaskCompletedEventAttributes()) {
      name =
          activities.getOrDefault(
              event.getActivityTaskCompletedEventAttributes().getScheduledEventId(), "");
    } else if (event.hasStartChildWorkflowExecutionInitiatedEventAttributes()) {
      name =
          event
              .getStartChildWorkflowExecutionInitiatedEventAttributes()
              .getWorkflowType()
              .getName();
    } else if (event.hasChildWorkflowExecutionCompletedEventAttributes()) {
      name = event.getChildWorkflowExecutionCompletedEventAttributes().getWorkflowType().getName();
    }
    return name.isEmpty() ? type : type + " " + name;
  }

  /** The serialized size in bytes of the largest payload in {@code history}. */
  public static int largestPayload(WorkflowExecutionHistory history) {
    int largest = 0;
    for (HistoryEvent event : history.getEvents()) {
      largest = Math.max(largest, largestPayload(event));
    }
    return largest;
  }

  private static int largestPayload(Message message) {
    if (message instanceof Payload payload) {
      return payload.getSerializedSize();
    }
    int largest = 0;
    for (var field : message.getAllFields().entrySet()) {
      Object value = field.getValue();
      for (Object element : value instanceof List<?> list ? list : List.of(value)) {
        if (element instanceof Message nested) {
          largest = Math.max(largest, largestPayload(nested));
        }
      }
    }
    return largest;
  }
}
