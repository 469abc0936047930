package dev.setpoint.orchestrator.testing;

import dev.setpoint.orchestrator.git.SourceTree;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A repository's files held in memory, for loader tests that are about rules, not Git. */
public final class InMemoryTree implements SourceTree {

  private final Map<String, String> files = new TreeMap<>();

  public static InMemoryTree of(Map<String, String> files) {
    InMemoryTree tree = new InMemoryTree();
    tree.files.putAll(files);
    return tree;
  }

  public InMemoryTree with(String path, String content) {
    files.put(path, content);
    return this;
  }

  @Override
  public Kind kind(String path) {
    if (files.containsKey(path)) {
      return Kind.FILE;
    }
    String prefix = path.isEmpty() ? "" : path + "/";
    return files.keySet().stream().anyMatch(file -> file.startsWith(prefix))
        ? Kind.DIRECTORY
        : Kind.MISSING;
  }

  @Override
  public String read(String path) {
    String content = files.get(path);
    if (content == null) {
      throw new UncheckedIOException(new NoSuchFileException(path));
    }
    return content;
  }

  @Override
  public byte[] readBytes(String path) {
    return read(path).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public List<String> list(String directory) {
    String prefix = directory.isEmpty() ? "" : directory + "/";
    return files.keySet().stream()
        .filter(file -> file.startsWith(prefix))
        .map(file -> prefix + file.substring(prefix.length()).split("/")[0])
        .distinct()
        .sorted()
        .toList();
  }

  @Override
  public String describe() {
    return "test tree";
  }
}
