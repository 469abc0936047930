package dev.setpoint.orchestrator.model;

/**
 * A place in a file of the environment repository, as people and editors count it.
 *
 * @param path the file, relative to the repository root, with forward slashes
 * @param line 1-based line
 * @param column 1-based column
 */
public record SourceLocation(String path, int line, int column) {

  public static SourceLocation startOf(String path) {
    return new SourceLocation(path, 1, 1);
  }

  @Override
  public String toString() {
    return path + ":" + line + ":" + column;
  }
}
