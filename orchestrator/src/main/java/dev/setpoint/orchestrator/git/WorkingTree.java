package dev.setpoint.orchestrator.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a working tree as they are on disk ({@code --working-tree}). Symbolic links are
 * followed by the file system; a path whose real location is not under the real repository root is
 * refused. The {@code .git} folder is not part of it.
 */
final class WorkingTree implements SourceTree {

  private static final String GIT_FOLDER = ".git";

  private final Path root;

  /**
   * @param root the real path of the work tree
   */
  WorkingTree(Path root) {
    this.root = root;
  }

  @Override
  public Kind kind(String path) {
    Path real = realPath(path);
    if (real == null) {
      return Kind.MISSING;
    }
    if (Files.isDirectory(real)) {
      return Kind.DIRECTORY;
    }
    return Files.isRegularFile(real) ? Kind.FILE : Kind.MISSING;
  }

  @Override
  public String read(String path) {
    return new String(readBytes(path), StandardCharsets.UTF_8);
  }

  @Override
  public byte[] readBytes(String path) {
    Path real = realPath(path);
    if (real == null || !Files.isRegularFile(real)) {
      throw new UncheckedIOException(
          new NoSuchFileException(path, null, "no such file in the working tree"));
    }
    try {
      return Files.readAllBytes(real);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<String> list(String directory) {
    String folder = RepoPaths.resolve("", directory);
    Path real = realPath(folder);
    if (real == null) {
      throw new UncheckedIOException(
          new NoSuchFileException(directory, null, "no such folder in the working tree"));
    }
    if (!Files.isDirectory(real)) {
      throw new UncheckedIOException(new NotDirectoryException(directory));
    }
    try (Stream<Path> entries = Files.list(real)) {
      return entries
          .map(entry -> entry.getFileName().toString())
          .filter(name -> !(real.equals(root) && name.equals(GIT_FOLDER)))
          .sorted()
          .map(name -> folder.isEmpty() ? name : folder + "/" + name)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String describe() {
    return "working tree";
  }

  /**
   * The real path of {@code path}, or {@code null} when it does not exist or is in {@code .git}.
   */
  private Path realPath(String path) {
    String normalized = RepoPaths.resolve("", path);
    Path real;
    try {
      real = root.resolve(normalized).toRealPath();
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!real.startsWith(root)) {
      throw new PathOutsideRepositoryException(whyOutside(normalized, real));
    }
    return real.startsWith(root.resolve(GIT_FOLDER)) ? null : real;
  }

  /** Names the first symbolic link on the way that leads out, as the commit tree does. */
  private String whyOutside(String normalized, Path real) {
    Path current = root;
    for (String name : normalized.split("/")) {
      current = current.resolve(name);
      if (Files.isSymbolicLink(current)) {
        try {
          if (!current.toRealPath().startsWith(root)) {
            return "symlink "
                + root.relativize(current).toString().replace('\\', '/')
                + " -> "
                + Files.readSymbolicLink(current)
                + " leads out of the repository";
          }
        } catch (IOException e) {
          break;
        }
      }
    }
    return "path \"" + normalized + "\" leads out of the repository (to " + real + ")";
  }
}
