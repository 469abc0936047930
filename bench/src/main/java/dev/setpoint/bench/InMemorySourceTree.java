package dev.setpoint.bench;

import dev.setpoint.orchestrator.git.RepoPaths;
import dev.setpoint.orchestrator.git.SourceTree;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A repository's files held in memory (path to text), so that a benchmark of the loader measures
 * the loader and not Git or the disk. Folders are worked out once, at construction, so that {@link
 * #kind} costs a hash lookup and never shows up in a profile.
 */
public final class InMemorySourceTree implements SourceTree {

  private final SortedMap<String, String> files;
  private final Set<String> directories = new HashSet<>();

  /**
   * @param files repository-relative paths, with forward slashes, and their UTF-8 text
   */
  public InMemorySourceTree(Map<String, String> files) {
    this.files = new TreeMap<>(files);
    for (String path : this.files.keySet()) {
      for (String parent = RepoPaths.parent(path); ; parent = RepoPaths.parent(parent)) {
        if (!directories.add(parent) || parent.isEmpty()) {
          break;
        }
      }
    }
    directories.add("");
  }

  @Override
  public Kind kind(String path) {
    if (files.containsKey(path)) {
      return Kind.FILE;
    }
    return directories.contains(path) ? Kind.DIRECTORY : Kind.MISSING;
  }

  @Override
  public String read(String path) {
    String text = files.get(path);
    if (text == null) {
      throw new UncheckedIOException(new NoSuchFileException(path));
    }
    return text;
  }

  @Override
  public byte[] readBytes(String path) {
    return read(path).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public List<String> list(String directory) {
    if (!directories.contains(directory)) {
      throw new UncheckedIOException(new NoSuchFileException(directory));
    }
    String prefix = directory.isEmpty() ? "" : directory + "/";
    return files.tailMap(prefix).keySet().stream()
        .takeWhile(path -> path.startsWith(prefix))
        .map(path -> prefix + path.substring(prefix.length()).split("/", 2)[0])
        .distinct()
        .sorted()
        .toList();
  }

  @Override
  public String describe() {
    return "in-memory benchmark tree";
  }

  /** The total size of every file, in characters, for reporting what a benchmark reads. */
  public long totalCharacters() {
    return files.values().stream().mapToLong(String::length).sum();
  }

  public int fileCount() {
    return files.size();
  }
}
