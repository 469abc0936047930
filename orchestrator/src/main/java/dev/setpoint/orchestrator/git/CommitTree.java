package dev.setpoint.orchestrator.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The files of one commit. Each folder is read from the object database the first time a path
 * passes through it and then kept (by tree id), so a definition of many files costs one tree read
 * per folder, never a walk of the whole tree per call.
 */
final class CommitTree implements SourceTree {

  /** As Linux's limit on symbolic links followed while resolving one path. */
  private static final int MAX_SYMLINK_HOPS = 40;

  /** One entry of a Git tree object. */
  private record Entry(int mode, ObjectId id) {

    boolean isFolder() {
      return FileMode.TREE.equals(mode);
    }

    boolean isFile() {
      return FileMode.REGULAR_FILE.equals(mode) || FileMode.EXECUTABLE_FILE.equals(mode);
    }

    boolean isSymlink() {
      return FileMode.SYMLINK.equals(mode);
    }
  }

  private final Repository repository;
  private final Entry root;
  private final String description;
  private final Map<ObjectId, Map<String, Entry>> folders = new ConcurrentHashMap<>();

  CommitTree(Repository repository, ObjectId rootTree, String description) {
    this.repository = repository;
    this.root = new Entry(FileMode.TREE.getBits(), rootTree);
    this.description = description;
  }

  @Override
  public Kind kind(String path) {
    Entry entry = locate(path);
    if (entry == null) {
      return Kind.MISSING;
    }
    if (entry.isFolder()) {
      return Kind.DIRECTORY;
    }
    // A submodule (gitlink) has no content in this repository.
    return entry.isFile() ? Kind.FILE : Kind.MISSING;
  }

  @Override
  public String read(String path) {
    return new String(readBytes(path), StandardCharsets.UTF_8);
  }

  @Override
  public byte[] readBytes(String path) {
    Entry entry = locate(path);
    if (entry == null || !entry.isFile()) {
      throw new UncheckedIOException(
          new NoSuchFileException(
              path, null, (entry == null ? "not in " : "not a file in ") + description));
    }
    return blob(entry.id());
  }

  @Override
  public List<String> list(String directory) {
    String folder = RepoPaths.resolve("", directory);
    Entry entry = locate(folder);
    if (entry == null) {
      throw new UncheckedIOException(
          new NoSuchFileException(directory, null, "not in " + description));
    }
    if (!entry.isFolder()) {
      throw new UncheckedIOException(new NotDirectoryException(directory));
    }
    return children(entry.id()).keySet().stream().map(name -> join(folder, name)).toList();
  }

  @Override
  public String describe() {
    return description;
  }

  /**
   * The entry at {@code path} with every symbolic link on the way followed, or {@code null} when
   * nothing is there. A link resolves against the folder that holds it, as on disk.
   */
  private Entry locate(String path) {
    Deque<String> remaining = new ArrayDeque<>(names(RepoPaths.resolve("", path)));
    String current = "";
    Entry entry = root;
    int hops = 0;
    while (!remaining.isEmpty()) {
      String name = remaining.removeFirst();
      Entry child = entry.isFolder() ? children(entry.id()).get(name) : null;
      if (child == null) {
        return null;
      }
      String childPath = join(current, name);
      if (!child.isSymlink()) {
        current = childPath;
        entry = child;
        continue;
      }
      if (++hops > MAX_SYMLINK_HOPS) {
        throw new UncheckedIOException(
            new FileSystemException(
                childPath, null, "too many levels of symbolic links in " + description));
      }
      String target = new String(blob(child.id()), StandardCharsets.UTF_8);
      String resolved;
      try {
        resolved = RepoPaths.resolve(current, target);
      } catch (PathOutsideRepositoryException e) {
        throw new PathOutsideRepositoryException(
            "symlink " + childPath + " -> " + target + " leads out of the repository");
      }
      List<String> targetNames = names(resolved);
      for (int i = targetNames.size() - 1; i >= 0; i--) {
        remaining.addFirst(targetNames.get(i));
      }
      current = "";
      entry = root;
    }
    return entry;
  }

  private Map<String, Entry> children(ObjectId tree) {
    return folders.computeIfAbsent(tree, this::readFolder);
  }

  private Map<String, Entry> readFolder(ObjectId tree) {
    try (TreeWalk walk = new TreeWalk(repository)) {
      walk.addTree(tree);
      walk.setRecursive(false);
      Map<String, Entry> entries = new TreeMap<>();
      while (walk.next()) {
        entries.put(walk.getNameString(), new Entry(walk.getRawMode(0), walk.getObjectId(0)));
      }
      return Collections.unmodifiableMap(entries);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] blob(ObjectId id) {
    try {
      return repository.open(id, Constants.OBJ_BLOB).getBytes(Integer.MAX_VALUE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> names(String path) {
    return path.isEmpty() ? List.of() : List.of(path.split("/"));
  }

  private static String join(String folder, String name) {
    return folder.isEmpty() ? name : folder + "/" + name;
  }
}
