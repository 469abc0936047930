package dev.setpoint.workflows;

import dev.setpoint.orchestrator.git.GitSource;
import dev.setpoint.orchestrator.git.GitSourceException;
import dev.setpoint.orchestrator.git.Revision;
import dev.setpoint.orchestrator.git.SignatureVerdict;
import dev.setpoint.orchestrator.git.SourceTree;
import dev.setpoint.orchestrator.git.TrustedSigners;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The repositories a worker reads, opened once and kept: a remote is fetched when a run resolves
 * its revision, not again for every resource step that reads files at that revision.
 */
public final class SourceTrees implements AutoCloseable {

  private static final int TREES_KEPT = 16;

  private final Path cacheRoot;
  private final Map<String, GitSource> repositories = new LinkedHashMap<>();
  private final Map<String, SourceTree> trees =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SourceTree> eldest) {
          return size() > TREES_KEPT;
        }
      };

  /**
   * @param cacheRoot where remotes are cloned: {@code SETPOINT_HOME/repos}
   */
  public SourceTrees(Path cacheRoot) {
    this.cacheRoot = cacheRoot;
  }

  /** Resolves the source's ref or revision, fetching a remote first. */
  public synchronized Revision resolve(EnvironmentSource source) {
    GitSource repository = open(source, true);
    return repository.resolve(source.ref(), source.revision());
  }

  /**
   * The files at a commit, read from the repository as it is (a remote is fetched once); for a
   * working-tree source, the files on disk (not cached: they may change between runs).
   */
  public synchronized SourceTree tree(EnvironmentSource source, String commitId) {
    if (source.workingTree()) {
      return new SynchronizedTree(open(source, false).workingTree());
    }
    String key = source.repository() + "@" + commitId;
    SourceTree tree = trees.get(key);
    if (tree == null) {
      GitSource repository = open(source, false);
      Revision revision;
      try {
        revision = repository.resolve(null, commitId);
      } catch (GitSourceException unknownCommit) {
        revision = open(source, true).resolve(null, commitId); // a newer commit: fetch once more
        repository = repositories.get(source.repository());
      }
      tree = new SynchronizedTree(repository.tree(revision));
      trees.put(key, tree);
    }
    return tree;
  }

  /**
   * Whether the commit may be applied under {@code signers}; see {@link GitSource#verifySignature}.
   */
  public synchronized SignatureVerdict verify(
      EnvironmentSource source, String commitId, TrustedSigners signers) {
    GitSource repository = open(source, false);
    return repository.verifySignature(repository.resolve(null, commitId), signers);
  }

  private GitSource open(EnvironmentSource source, boolean refresh) {
    GitSource repository = repositories.get(source.repository());
    if (repository != null && !(refresh && source.remote())) {
      return repository;
    }
    if (repository != null) {
      repository.close();
    }
    repository =
        source.remote()
            ? GitSource.openRemote(source.repository(), cacheRoot)
            : GitSource.openLocal(Path.of(source.repository()));
    repositories.put(source.repository(), repository);
    return repository;
  }

  @Override
  public synchronized void close() {
    repositories.values().forEach(GitSource::close);
    repositories.clear();
    trees.clear();
  }

  /** Activities of one worker read a tree concurrently; JGit readers are not all thread-safe. */
  private record SynchronizedTree(SourceTree tree) implements SourceTree {
    @Override
    public synchronized Kind kind(String path) {
      return tree.kind(path);
    }

    @Override
    public synchronized String read(String path) {
      return tree.read(path);
    }

    @Override
    public synchronized byte[] readBytes(String path) {
      return tree.readBytes(path);
    }

    @Override
    public synchronized List<String> list(String directory) {
      return tree.list(directory);
    }

    @Override
    public String describe() {
      return tree.describe();
    }
  }
}
