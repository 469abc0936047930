package dev.setpoint.provider.ansible;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.setpoint.orchestrator.git.SourceTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One ansible-runner private data directory, made fresh for every run and deleted after it:
 *
 * <pre>
 * DIR/
 *   project/            the playbook's folder at the run's commit (templates, roles, group_vars beside it)
 *   inventory/          the inventory file or folder from the commit, or hosts.yml written from the
 *                       inline inventory, or localhost with a local connection
 *   env/extravars       extraVars as JSON, references resolved
 *   artifacts/IDENT/    what ansible-runner writes: rc, status, job_events/, command (the environment)
 * </pre>
 *
 * A fresh folder per run is what keeps {@code --cmdline} (which ansible-runner saves to {@code
 * env/cmdline} and silently reuses) from turning the next real run into a check run.
 */
final class PrivateDataDir implements AutoCloseable {

  /** The inventory written when the definition names none: this machine, no SSH. */
  static final String LOCALHOST_INVENTORY =
      """
      all:
        hosts:
          localhost:
            ansible_connection: local
            ansible_python_interpreter: "{{ ansible_playbook_python }}"
      """;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final String playbook;

  private PrivateDataDir(Path root, String playbook) {
    this.root = root;
    this.playbook = playbook;
  }

  /**
   * Makes a new private data directory under {@code parent}.
   *
   * @param playbook the playbook file, repository-relative
   * @param inventory null (localhost), a repository-relative path to a file or folder, or an inline
   *     inventory (a map, written as YAML's JSON subset)
   * @param extraVars the extra variables, plain data
   */
  static PrivateDataDir create(
      Path parent, SourceTree tree, String playbook, Object inventory, Map<String, ?> extraVars) {
    Path root = parent.toAbsolutePath().normalize().resolve("run-" + UUID.randomUUID());
    int slash = playbook.lastIndexOf('/');
    String folder = slash < 0 ? "" : playbook.substring(0, slash);
    PrivateDataDir dir = new PrivateDataDir(root, playbook.substring(slash + 1));
    try {
      Files.createDirectories(root.resolve("env"));
      Files.createDirectories(root.resolve("inventory"));
      Files.createDirectories(root.resolve("project"));
      copy(tree, folder, root.resolve("project"));
      writeInventory(tree, inventory, root.resolve("inventory"));
      JSON.writeValue(
          root.resolve("env/extravars").toFile(), extraVars == null ? Map.of() : extraVars);
      return dir;
    } catch (IOException | RuntimeException e) {
      dir.close();
      if (e instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw (RuntimeException) e;
    }
  }

  private static void writeInventory(SourceTree tree, Object inventory, Path target)
      throws IOException {
    if (inventory == null) {
      Files.writeString(target.resolve("hosts.yml"), LOCALHOST_INVENTORY);
    } else if (inventory instanceof Map<?, ?> inline) {
      // JSON is YAML, and ansible's yaml inventory plugin takes a .yml file
      Files.write(target.resolve("hosts.yml"), JSON.writeValueAsBytes(inline));
    } else {
      String path = String.valueOf(inventory);
      switch (tree.kind(path)) {
        case FILE -> Files.write(target.resolve(fileName(path)), tree.readBytes(path));
        case DIRECTORY -> copy(tree, path, target);
        case MISSING ->
            throw new IllegalArgumentException(
                "inventory " + path + " does not exist in " + tree.describe());
      }
    }
  }

  private static void copy(SourceTree tree, String folder, Path target) throws IOException {
    for (String path : tree.list(folder)) {
      Path destination = target.resolve(fileName(path));
      switch (tree.kind(path)) {
        case DIRECTORY -> {
          Files.createDirectories(destination);
          copy(tree, path, destination);
        }
        case FILE -> Files.write(destination, tree.readBytes(path));
        case MISSING -> {}
      }
    }
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  Path root() {
    return root;
  }

  /** The playbook's file name inside {@code project/}. */
  String playbook() {
    return playbook;
  }

  /** The folder ansible-runner writes a run's results to. */
  Path artifacts(String ident) {
    return root.resolve("artifacts").resolve(ident);
  }

  /** Deletes the whole folder: its artifacts hold the process environment, its extravars data. */
  @Override
  public void close() {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          new IOException(
              "cannot delete the run folder "
                  + root
                  + " ("
                  + e
                  + "): delete it by hand, its artifacts hold the run's environment",
              e));
    }
  }
}
