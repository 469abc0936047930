package dev.setpoint.workflows;

import dev.setpoint.orchestrator.git.GitSourceException;
import dev.setpoint.orchestrator.git.PathOutsideRepositoryException;
import dev.setpoint.orchestrator.git.Revision;
import dev.setpoint.orchestrator.load.Diagnostic;
import dev.setpoint.orchestrator.load.EnvironmentLoader;
import dev.setpoint.orchestrator.load.LoadResult;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.eclipse.jgit.errors.TransportException;

/** Reads Git and the definition for the workflow. */
public final class SourceActivitiesImpl implements SourceActivities {

  private final SourceTrees sources;
  private final EnvironmentLoader loader;

  public SourceActivitiesImpl(SourceTrees sources, SchemaRegistry schemas) {
    this.sources = sources;
    this.loader = new EnvironmentLoader(schemas);
  }

  @Override
  public ResolvedRevision resolve(EnvironmentSource source) {
    try {
      Revision revision = sources.resolve(source);
      return new ResolvedRevision(revision.commitId(), revision.refName(), revision.subject());
    } catch (GitSourceException failure) {
      throw gitFailure(failure);
    }
  }

  @Override
  public LoadedDefinition load(EnvironmentSource source, String commitId) {
    LoadResult result;
    try {
      result = loader.load(sources.tree(source, commitId), source.path());
    } catch (GitSourceException failure) {
      throw gitFailure(failure);
    } catch (PathOutsideRepositoryException outside) {
      throw ApplicationFailure.newNonRetryableFailure(
          outside.getMessage(), Failures.INVALID_DEFINITION);
    }
    if (!result.valid()) {
      List<Diagnostic> errors = result.errors();
      throw ApplicationFailure.newNonRetryableFailure(
          "the definition at "
              + commitId.substring(0, 7)
              + " is invalid: "
              + errors.get(0)
              + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "")
              + "; run setpoint validate for all",
          Failures.INVALID_DEFINITION);
    }
    List<String> warnings =
        result.diagnostics().stream()
            .filter(d -> d.severity() == Diagnostic.Severity.WARNING)
            .map(Diagnostic::toString)
            .toList();
    return new LoadedDefinition(result.definition().orElseThrow(), warnings);
  }

  /** A network failure is worth retrying; an unknown ref or a missing repository is not. */
  private static ApplicationFailure gitFailure(GitSourceException failure) {
    boolean network = failure.getCause() instanceof TransportException;
    return network
        ? ApplicationFailure.newFailureWithCause(failure.getMessage(), "GitUnreachable", failure)
        : ApplicationFailure.newNonRetryableFailureWithCause(
            failure.getMessage(), Failures.INVALID_DEFINITION, failure);
  }
}
