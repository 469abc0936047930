package dev.setpoint.workflows;

import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The real {@link SourceActivities}, except that while {@link #down} is set loading a definition
 * fails as a fetch fails when the Git host cannot be reached after the poll that found the commit:
 * a failure that is no fault of the commit. It is thrown as non-retryable only so that a test does
 * not sit through the activity's retries on a locked clock; the controller sees what it sees once
 * those retries are spent.
 */
final class GitOutage implements SourceActivities {

  final AtomicBoolean down = new AtomicBoolean();
  private final SourceActivities git;

  GitOutage(SourceActivities git) {
    this.git = git;
  }

  @Override
  public ResolvedRevision resolve(EnvironmentSource source) {
    return git.resolve(source);
  }

  @Override
  public LoadedDefinition load(
      EnvironmentSource source, String commitId, TrustLists trust, int partitionSize) {
    if (down.get()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot fetch " + source.repository() + ": connection refused", Failures.GIT_UNREACHABLE);
    }
    return git.load(source, commitId, trust, partitionSize);
  }

  @Override
  public Slice slice(
      EnvironmentSource source, String commitId, int partitionSize, int index, boolean deleting) {
    return git.slice(source, commitId, partitionSize, index, deleting);
  }
}
