package dev.setpoint.orchestrator.load;

import dev.setpoint.orchestrator.git.PathOutsideRepositoryException;
import dev.setpoint.orchestrator.git.RepoPaths;
import dev.setpoint.orchestrator.git.SourceTree;
import dev.setpoint.orchestrator.load.YamlNode.Scalar;
import dev.setpoint.orchestrator.model.SourceLocation;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks path values: relative to the file that names them, inside the repository (symbolic links
 * included), present in the tree. Remembers every path that exists, for uncommitted-change
 * warnings.
 */
final class PathCheck implements Consumer<Scalar> {

  private final SourceTree tree;
  private final Diagnostics diagnostics;
  private final Set<String> sourcePaths;

  PathCheck(SourceTree tree, Diagnostics diagnostics, Set<String> sourcePaths) {
    this.tree = tree;
    this.diagnostics = diagnostics;
    this.sourcePaths = sourcePaths;
  }

  @Override
  public void accept(Scalar scalar) {
    String text = (String) scalar.value();
    String path;
    try {
      path = RepoPaths.resolve(RepoPaths.parent(scalar.location().path()), text);
    } catch (PathOutsideRepositoryException outside) {
      diagnostics.error(scalar.location(), outside.getMessage());
      return;
    }
    SourceTree.Kind kind = kindOf(path, scalar.location());
    if (kind == SourceTree.Kind.MISSING) {
      diagnostics.error(
          scalar.location(),
          "path \""
              + text
              + "\" does not exist in the "
              + tree.describe()
              + " (it resolves to \""
              + path
              + "\")"
              + siblingHint(path));
    } else if (kind != null) {
      sourcePaths.add(path);
    }
  }

  /** What a path is, or null when it leads out of the repository (reported at {@code where}). */
  SourceTree.Kind kindOf(String path, SourceLocation where) {
    try {
      return tree.kind(path);
    } catch (PathOutsideRepositoryException outside) {
      diagnostics.error(where, outside.getMessage());
      return null;
    }
  }

  private String siblingHint(String path) {
    String parent = RepoPaths.parent(path);
    try {
      if (tree.kind(parent) != SourceTree.Kind.DIRECTORY) {
        return "";
      }
      List<String> names = tree.list(parent).stream().map(RepoPaths::fileName).toList();
      return Suggestions.didYouMean(RepoPaths.fileName(path), names);
    } catch (RuntimeException unreadable) {
      return "";
    }
  }
}
