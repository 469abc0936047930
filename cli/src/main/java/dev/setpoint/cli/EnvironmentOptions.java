package dev.setpoint.cli;

import dev.setpoint.orchestrator.git.GitSource;
import dev.setpoint.orchestrator.git.Revision;
import dev.setpoint.orchestrator.git.SourceTree;
import dev.setpoint.orchestrator.load.EnvironmentLoader;
import dev.setpoint.orchestrator.load.LoadResult;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * How every command names an environment: a path inside a Git working tree, or {@code --repo URL
 * --ref REF PATH}; read from a commit unless {@code --working-tree}.
 */
final class EnvironmentOptions {

  @Parameters(
      index = "0",
      paramLabel = "ENV",
      description =
          "An environment.yaml or its folder: a path inside a Git working tree, or with --repo a"
              + " path inside that repository.")
  String environment;

  @Option(
      names = "--repo",
      paramLabel = "URL",
      description = "A remote repository (https, ssh or file URL), cloned into SETPOINT_HOME.")
  String repository;

  @Option(
      names = "--ref",
      paramLabel = "REF",
      description = "A branch or tag to read (default: HEAD, or the remote's default branch).")
  String ref;

  @Option(
      names = "--revision",
      paramLabel = "SHA",
      description = "A commit to read (full or abbreviated).")
  String revision;

  /** An opened repository and the files of the environment's revision. */
  record Opened(GitSource source, SourceTree tree, String path, Revision revision, boolean local)
      implements AutoCloseable {
    @Override
    public void close() {
      source.close();
    }

    /**
     * Loads and validates the environment as every command does first, printing each finding and
     * the uncommitted-change warnings to {@code err}, and a closing {@code invalid: N errors in
     * FILE (commit ...)} line followed by {@code consequence} when it is invalid.
     */
    LoadResult loadAndReport(PrintWriter err, String consequence) {
      LoadResult result = new EnvironmentLoader(SchemaRegistry.load()).load(tree, path);
      result.diagnostics().forEach(err::println);
      uncommittedChangeWarnings(result.sourcePaths())
          .forEach(warning -> err.println("warning: " + warning));
      if (!result.valid()) {
        int count = result.errors().size();
        err.println(
            "invalid: "
                + count
                + (count == 1 ? " error" : " errors")
                + " in "
                + result.file()
                + " ("
                + describe()
                + ")"
                + consequence);
      }
      return result;
    }

    /**
     * One warning per source path that differs from the commit being read, since a run applies the
     * commit, not the disk; none when reading the working tree or a remote.
     */
    List<String> uncommittedChangeWarnings(List<String> sourcePaths) {
      if (!local || revision == null) {
        return List.of();
      }
      List<String> changed = source.uncommittedChanges("");
      List<String> warnings = new ArrayList<>();
      for (String path : sourcePaths) {
        List<String> mine =
            changed.stream().filter(c -> c.equals(path) || c.startsWith(path + "/")).toList();
        if (!mine.isEmpty()) {
          warnings.add(
              path
                  + " has uncommitted changes ("
                  + String.join(", ", mine.subList(0, Math.min(3, mine.size())))
                  + (mine.size() > 3 ? ", ..." : "")
                  + ") that this run does not see: commit them, or use --working-tree");
        }
      }
      return warnings;
    }

    /** For messages: {@code commit 1a2b3c4 (main)} or {@code working tree}. */
    String describe() {
      return tree.describe();
    }
  }

  /**
   * Opens the repository and picks the tree to read.
   *
   * @param workingTree read the files on disk instead of a commit (validate and plan only)
   */
  Opened open(boolean workingTree) {
    if (repository != null) {
      if (workingTree) {
        throw new IllegalArgumentException(
            "--working-tree reads a local checkout; it cannot be used with --repo");
      }
      GitSource source =
          GitSource.openRemote(repository, SetpointHome.directory().resolve("repos"));
      Revision at = source.resolve(ref, revision);
      return new Opened(source, source.tree(at), environment, at, false);
    }
    Path local = Path.of(environment).toAbsolutePath().normalize();
    GitSource source = GitSource.openLocal(local);
    try {
      String path = source.pathInRepository(local);
      if (workingTree) {
        if (ref != null || revision != null) {
          throw new IllegalArgumentException(
              "--working-tree reads the files on disk; leave out --ref and --revision");
        }
        return new Opened(source, source.workingTree(), path, null, true);
      }
      Revision at = source.resolve(ref, revision);
      return new Opened(source, source.tree(at), path, at, true);
    } catch (RuntimeException failed) {
      source.close();
      throw failed;
    }
  }
}
