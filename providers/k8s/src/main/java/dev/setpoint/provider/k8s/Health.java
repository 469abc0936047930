package dev.setpoint.provider.k8s;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a workload has rolled out, from its live object: Deployments, StatefulSets and DaemonSets
 * when the controller observed the latest generation and enough replicas are updated and available;
 * Jobs when complete. Other kinds are ready once applied.
 */
final class Health {

  /** The answer for one object: ready, or what it waits for; failed when it never will be. */
  record Status(boolean ready, boolean failed, String message) {
    static final Status READY = new Status(true, false, "ready");

    static Status waiting(String message) {
      return new Status(false, false, message);
    }
  }

  private Health() {}

  static boolean watched(ObjectRef ref) {
    return switch (ref.kind()) {
      case "Deployment", "StatefulSet", "DaemonSet" -> ref.group().equals("apps");
      case "Job" -> ref.group().equals("batch");
      default -> false;
    };
  }

  /** The status of a live object, or of a missing one ({@code live == null}). */
  static Status of(ObjectRef ref, Map<String, Object> live) {
    if (live == null) {
      return Status.waiting("it does not exist");
    }
    Map<?, ?> spec = map(live.get("spec"));
    Map<?, ?> status = map(live.get("status"));
    Optional<String> generation = generationLag(live, status);
    if (generation.isPresent() && !ref.kind().equals("Job")) {
      return Status.waiting(generation.get());
    }
    return switch (ref.kind()) {
      case "Deployment" -> {
        long wanted = number(spec.get("replicas"), 1);
        long updated = number(status.get("updatedReplicas"), 0);
        long available = number(status.get("availableReplicas"), 0);
        if (updated < wanted) {
          yield Status.waiting(
              "condition Progressing: " + updated + " of " + wanted + " replicas updated");
        }
        yield available < wanted
            ? Status.waiting(
                "condition Available: " + available + " of " + wanted + " replicas available")
            : Status.READY;
      }
      case "StatefulSet" -> {
        long wanted = number(spec.get("replicas"), 1);
        long updated = number(status.get("updatedReplicas"), 0);
        long ready = number(status.get("readyReplicas"), 0);
        if (updated < wanted) {
          yield Status.waiting(updated + " of " + wanted + " replicas updated");
        }
        yield ready < wanted
            ? Status.waiting(ready + " of " + wanted + " replicas ready")
            : Status.READY;
      }
      case "DaemonSet" -> {
        if (!status.containsKey("desiredNumberScheduled")) {
          yield Status.waiting("no status reported by the DaemonSet controller yet");
        }
        long wanted = number(status.get("desiredNumberScheduled"), 0);
        long updated = number(status.get("updatedNumberScheduled"), 0);
        long available = number(status.get("numberAvailable"), 0);
        if (updated < wanted) {
          yield Status.waiting(updated + " of " + wanted + " pods updated");
        }
        yield available < wanted
            ? Status.waiting(available + " of " + wanted + " pods available")
            : Status.READY;
      }
      case "Job" -> job(status);
      default -> Status.READY;
    };
  }

  private static Status job(Map<?, ?> status) {
    if (status.get("conditions") instanceof List<?> conditions) {
      for (Object item : conditions) {
        Map<?, ?> condition = map(item);
        if (!"True".equals(condition.get("status"))) {
          continue;
        }
        if ("Complete".equals(condition.get("type"))) {
          return Status.READY;
        }
        if ("Failed".equals(condition.get("type"))) {
          return new Status(
              false,
              true,
              "condition Failed: "
                  + (condition.get("message") != null
                      ? condition.get("message")
                      : condition.get("reason")));
        }
      }
    }
    return Status.waiting("condition Complete is not True yet");
  }

  private static Optional<String> generationLag(Map<String, Object> live, Map<?, ?> status) {
    Object generation = map(live.get("metadata")).get("generation");
    if (!(generation instanceof Number wanted)) {
      return Optional.empty();
    }
    long observed = number(status.get("observedGeneration"), 0);
    return observed < wanted.longValue()
        ? Optional.of(
            "observedGeneration "
                + observed
                + " < generation "
                + wanted
                + ": the controller has not seen the latest spec yet")
        : Optional.empty();
  }

  private static Map<?, ?> map(Object value) {
    return value instanceof Map<?, ?> m ? m : Map.of();
  }

  private static long number(Object value, long otherwise) {
    return value instanceof Number n ? n.longValue() : otherwise;
  }
}
