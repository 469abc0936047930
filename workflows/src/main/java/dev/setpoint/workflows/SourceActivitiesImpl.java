package dev.setpoint.workflows;

import dev.setpoint.orchestrator.git.GitSourceException;
import dev.setpoint.orchestrator.git.PathOutsideRepositoryException;
import dev.setpoint.orchestrator.git.Revision;
import dev.setpoint.orchestrator.git.SignatureVerdict;
import dev.setpoint.orchestrator.git.TrustedSigners;
import dev.setpoint.orchestrator.graph.DependencyGraph;
import dev.setpoint.orchestrator.load.Diagnostic;
import dev.setpoint.orchestrator.load.EnvironmentLoader;
import dev.setpoint.orchestrator.load.LoadResult;
import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.errors.TransportException;

/** Reads Git and the definition for the workflow. */
public final class SourceActivitiesImpl implements SourceActivities {

  private final SourceTrees sources;
  private final EnvironmentLoader loader;
  private final TrustedSigners workerSigners;

  private String lastCutKey;
  private Partitions lastCut;

  public SourceActivitiesImpl(SourceTrees sources, SchemaRegistry schemas) {
    this(sources, schemas, TrustedSigners.ANYONE);
  }

  /**
   * @param workerSigners the signers this worker trusts ({@code setpoint worker
   *     --allowed-signers}); every run that changes live systems is held to them too
   */
  public SourceActivitiesImpl(
      SourceTrees sources, SchemaRegistry schemas, TrustedSigners workerSigners) {
    this.sources = sources;
    this.loader = new EnvironmentLoader(schemas);
    this.workerSigners = workerSigners;
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
  public LoadedDefinition load(
      EnvironmentSource source, String commitId, TrustLists trust, int partitionSize) {
    if (trust != null) {
      requireTrusted(source, commitId, workerSigners);
      requireTrusted(source, commitId, trust);
    }
    LoadedDefinition loaded = loadValid(source, commitId);
    EnvironmentDefinition definition = loaded.definition();
    if (!Partitions.needed(definition, partitionSize)) {
      return loaded;
    }
    Partitions partitions = partitions(source, commitId, definition, partitionSize);
    return new LoadedDefinition(
        Partitions.header(definition), loaded.warnings(), partitions.partitioning());
  }

  @Override
  public Slice slice(
      EnvironmentSource source, String commitId, int partitionSize, int index, boolean deleting) {
    return partitions(source, commitId, null, partitionSize).slice(index, deleting);
  }

  /**
   * The cut of the last partitioned definition, kept because every child of a run asks for its
   * slice of the same commit: loading and sorting thousands of resources once per slice would cost
   * more than the slice's work. Files of a working tree may change, so those are never kept.
   *
   * @param loaded the definition when the caller has just loaded it, or null
   */
  private Partitions partitions(
      EnvironmentSource source, String commitId, EnvironmentDefinition loaded, int size) {
    String key = source.repository() + "\n" + source.path() + "\n" + commitId + "\n" + size;
    synchronized (this) {
      if (source.workingTree() || !key.equals(lastCutKey)) {
        EnvironmentDefinition definition =
            loaded != null ? loaded : loadValid(source, commitId).definition();
        lastCut = new Partitions(definition, DependencyGraph.of(definition.resources()), size);
        lastCutKey = source.workingTree() ? null : key;
      }
      return lastCut;
    }
  }

  private LoadedDefinition loadValid(EnvironmentSource source, String commitId) {
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

  private void requireTrusted(EnvironmentSource source, String commitId, TrustLists lists) {
    if (!lists.enforced()) {
      return;
    }
    // The checker reads files; the caller's lists travel as text, so they are written out here.
    Path folder = null;
    try {
      folder = Files.createTempDirectory("setpoint-trust");
      requireTrusted(
          source,
          commitId,
          new TrustedSigners(
              write(folder.resolve("allowed_signers"), lists.allowedSigners()),
              write(folder.resolve("trusted-gpg-keys.asc"), lists.trustedGpgKeys())));
    } catch (IOException e) {
      throw ApplicationFailure.newFailureWithCause(
          "cannot write the trust lists: " + e.getMessage(), "TrustListUnwritable", e);
    } finally {
      deleteQuietly(folder);
    }
  }

  private void requireTrusted(EnvironmentSource source, String commitId, TrustedSigners signers) {
    if (!signers.enforced()) {
      return;
    }
    SignatureVerdict verdict;
    try {
      verdict = sources.verify(source, commitId, signers);
    } catch (GitSourceException failure) {
      throw gitFailure(failure);
    }
    if (!verdict.trusted()) {
      throw ApplicationFailure.newNonRetryableFailure(verdict.reason(), Failures.UNTRUSTED_COMMIT);
    }
  }

  private static Path write(Path file, String content) throws IOException {
    return content == null ? null : Files.writeString(file, content);
  }

  private static void deleteQuietly(Path folder) {
    if (folder == null) {
      return;
    }
    try (var files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(folder);
    } catch (IOException ignored) {
      // A temp folder left behind holds public keys only.
    }
  }

  /**
   * A network failure is worth retrying; an unknown ref or a missing repository is not, within a
   * run, yet it is no fault of the definition: a controller tries it again at its next poll.
   */
  private static ApplicationFailure gitFailure(GitSourceException failure) {
    boolean network = failure.getCause() instanceof TransportException;
    return network
        ? ApplicationFailure.newFailureWithCause(
            failure.getMessage(), Failures.GIT_UNREACHABLE, failure)
        : ApplicationFailure.newNonRetryableFailureWithCause(
            failure.getMessage(), Failures.GIT_UNREADABLE, failure);
  }
}
