package dev.setpoint.orchestrator.git;

import java.util.List;

/**
 * The files of an environment repository as one revision holds them (or, for {@code
 * --working-tree}, as they are on disk). Paths are repository-relative, with forward slashes and no
 * leading slash; {@code ""} is the root. Symbolic links are followed only while they stay inside
 * the repository.
 */
public interface SourceTree {

  /** What a path is, after following symbolic links inside the repository. */
  enum Kind {
    FILE,
    DIRECTORY,
    MISSING
  }

  /**
   * What a path is.
   *
   * @throws PathOutsideRepositoryException when the path, or a symbolic link on the way, leads out
   *     of the repository
   * @throws java.io.UncheckedIOException (a {@link java.nio.file.FileSystemException} cause) when
   *     symbolic links loop (more than 40 on the way)
   */
  Kind kind(String path);

  /**
   * The content of a file, as UTF-8 text.
   *
   * @throws java.io.UncheckedIOException (a {@link java.nio.file.NoSuchFileException} cause) when
   *     the file does not exist or is a folder
   * @throws PathOutsideRepositoryException as {@link #kind}
   */
  String read(String path);

  /** The content of a file, as bytes; otherwise as {@link #read}. */
  byte[] readBytes(String path);

  /**
   * The entries of a folder, as repository-relative paths, sorted by name.
   *
   * @throws java.io.UncheckedIOException when the folder does not exist
   */
  List<String> list(String directory);

  /** For messages: {@code commit 1a2b3c4 (main)} or {@code working tree}. */
  String describe();
}
