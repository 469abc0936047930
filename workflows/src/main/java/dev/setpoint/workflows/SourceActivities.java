package dev.setpoint.workflows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Git and the definition, read on a worker; both are read-only and safe to repeat. */
@ActivityInterface(namePrefix = "Source")
public interface SourceActivities {

  /**
   * Resolves the source's ref or revision to a commit, fetching a remote first. Read-only; a repeat
   * may see a newer commit of a moving ref, which is why the workflow records the result.
   */
  ResolvedRevision resolve(EnvironmentSource source);

  /**
   * Loads and validates the definition at exactly {@code commitId}: the same answer every time. An
   * invalid definition fails without retries, with the first errors in the message. With {@code
   * trust} (a run that changes live systems), the commit must first be signed by a key that the
   * caller's lists and this worker's lists trust; an untrusted commit fails without retries, with
   * the reason. A definition of more than {@code partitionSize} resources (when it is above 0)
   * comes back as its {@link Partitioning} and its definition without resources, so that its size
   * never reaches the workflow's history.
   */
  LoadedDefinition load(
      EnvironmentSource source, String commitId, TrustLists trust, int partitionSize);

  /**
   * Slice {@code index} of the definition at {@code commitId} cut as {@link #load} cut it, and
   * nothing else of it: what one child workflow of a partitioned run walks.
   */
  Slice slice(
      EnvironmentSource source, String commitId, int partitionSize, int index, boolean deleting);

  /**
   * The stub workflows read Git through, on the default task queue: a few retries for a network
   * that fails, none for a definition or ref that is wrong.
   */
  static SourceActivities stub(RunSettings settings, String summary) {
    return Workflow.newActivityStub(
        SourceActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(settings.defaultTaskQueue())
            .setStartToCloseTimeout(Duration.ofMinutes(5))
            .setSummary(summary)
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setMaximumAttempts(5)
                    .setDoNotRetry(Failures.INVALID_TYPES)
                    .build())
            .build());
  }
}
