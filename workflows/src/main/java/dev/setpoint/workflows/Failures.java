package dev.setpoint.workflows;

import dev.setpoint.orchestrator.provider.ProviderException;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;

/**
 * Failures between activities and the workflow: a provider's error becomes an {@link
 * ApplicationFailure} whose type names its kind and whose details carry the attempt, and the
 * workflow reads one line for the report back out of it.
 */
public final class Failures {

  /** The failure type of a definition that does not validate. */
  static final String INVALID_DEFINITION = "InvalidDefinition";

  /** The failure type of a commit that no trusted key signed. */
  static final String UNTRUSTED_COMMIT = "UntrustedCommit";

  /** The failure type of Git that cannot be reached over the network; retried. */
  static final String GIT_UNREACHABLE = "GitUnreachable";

  /**
   * The failure type of Git that cannot be read for another reason (a missing repository or
   * commit): not retried within a run, but not the commit's fault either.
   */
  static final String GIT_UNREADABLE = "GitUnreadable";

  /** Failure types never worth retrying: Git must change first. */
  public static final String[] INVALID_TYPES = {
    INVALID_DEFINITION,
    UNTRUSTED_COMMIT,
    typeOf(ProviderException.Kind.INVALID),
    typeOf(ProviderException.Kind.PERMISSION)
  };

  private Failures() {}

  static String typeOf(ProviderException.Kind kind) {
    return "ProviderException." + kind.name();
  }

  /** The failure an activity throws for a provider's error, retried only when the kind allows. */
  static ApplicationFailure fromProvider(ProviderException exception, int attempt) {
    String type = typeOf(exception.kind());
    return exception.retryable()
        ? ApplicationFailure.newFailureWithCause(exception.getMessage(), type, exception, attempt)
        : ApplicationFailure.newNonRetryableFailureWithCause(
            exception.getMessage(), type, exception, attempt);
  }

  /**
   * Whether loading a commit failed because of the commit itself (an invalid definition, an
   * untrusted signature), so that only a new commit can help, rather than because Git or a worker
   * could not be reached.
   */
  public static boolean refusesRevision(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure application
        && (INVALID_DEFINITION.equals(application.getType())
            || UNTRUSTED_COMMIT.equals(application.getType()));
  }

  /** One line for the report: the provider's message, or what Temporal gave up on. */
  public static String message(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof ApplicationFailure application) {
      return application.getOriginalMessage();
    }
    if (cause instanceof TimeoutFailure timeout) {
      return timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START
          ? "no worker took the step from its task queue in time: start `setpoint worker` for"
              + " this provider's task queue"
          : "timed out ("
              + timeout
                  .getTimeoutType()
                  .name()
                  .replace("TIMEOUT_TYPE_", "")
                  .toLowerCase(java.util.Locale.ROOT)
              + ")";
    }
    if (cause instanceof CanceledFailure) {
      return "cancelled";
    }
    return cause == null ? failure.getMessage() : cause.getMessage();
  }

  /** How many attempts the step made, when its last failure said. */
  static int attempts(ActivityFailure failure) {
    if (failure.getCause() instanceof ApplicationFailure application
        && application.getDetails() != null
        && application.getDetails().getSize() > 0) {
      Integer attempt = application.getDetails().get(Integer.class);
      if (attempt != null) {
        return attempt;
      }
    }
    return 1;
  }
}
