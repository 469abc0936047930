package dev.setpoint.provider.terraform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.setpoint.orchestrator.git.SourceTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The working directory of one {@code terraform:Module} of one environment, under the context's
 * work directory (so under {@code SETPOINT_HOME}):
 *
 * <pre>
 * WORK/
 *   setpoint-resource.json     the marker listManaged finds (environment, resource, dependsOn, ...)
 *   terraform.rc               the CLI configuration the wrapper writes
 *   setpoint.tfplan            the plan the last observe saved, and setpoint.tfplan.for, what it was
 *                              made from
 *   setpoint-refresh.tfplan    the refresh-only plan observe reads drift from, while it reads it
 *   setpoint.applied           written once an apply completed: the module exists even when its
 *                              state holds no resources (only outputs or locals)
 *   module/                    the module's files at the run's commit, replaced on every prepare,
 *     setpoint.auto.tfvars.json  the variables
 *     .terraform/ terraform.tfstate* terraform.tfstate.d/ .terraform.lock.hcl   kept across runs
 * </pre>
 */
final class ModuleWorkspace {

  static final String MARKER = "setpoint-resource.json";
  static final String CLI_CONFIG = "terraform.rc";
  static final String PLAN = "setpoint.tfplan";
  static final String PLAN_FOR = "setpoint.tfplan.for";
  static final String REFRESH_PLAN = "setpoint-refresh.tfplan";
  static final String APPLIED = "setpoint.applied";
  static final String MODULE = "module";
  static final String TFVARS = "setpoint.auto.tfvars.json";

  /**
   * What Terraform keeps in the module folder between runs; never replaced by the module's files.
   */
  static final Set<String> KEPT =
      Set.of(
          ".terraform",
          "terraform.tfstate",
          "terraform.tfstate.backup",
          "terraform.tfstate.d",
          ".terraform.tfstate.lock.info",
          ".terraform.lock.hcl");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  /** The marker of a module this environment manages. */
  record Marker(
      String environment,
      String resource,
      List<String> dependsOn,
      String deletionPolicy,
      String source,
      String workspace,
      Map<String, String> backendConfig) {}

  private final Path root;

  ModuleWorkspace(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  Path moduleDir() {
    return root.resolve(MODULE);
  }

  Path planFile() {
    return root.resolve(PLAN);
  }

  /** Where the refresh-only plan that finds drift goes; never applied, deleted once read. */
  Path refreshPlanFile() {
    return root.resolve(REFRESH_PLAN);
  }

  Path cliConfig() {
    return root.resolve(CLI_CONFIG);
  }

  boolean exists() {
    return Files.isDirectory(moduleDir());
  }

  /**
   * Replaces the module's files with those of {@code source} in {@code tree}, writes the variables,
   * and returns a fingerprint of both (what a saved plan was made from).
   */
  String prepare(SourceTree tree, String source, Map<String, Object> variables) {
    try {
      Path module = moduleDir();
      Files.createDirectories(module);
      try (Stream<Path> entries = Files.list(module)) {
        for (Path entry : entries.toList()) {
          if (!KEPT.contains(entry.getFileName().toString())) {
            deleteRecursively(entry);
          }
        }
      }
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      copy(tree, source, source, module, digest);
      byte[] vars = JSON.writeValueAsBytes(variables == null ? Map.of() : variables);
      Files.write(module.resolve(TFVARS), vars);
      digest.update(TFVARS.getBytes(StandardCharsets.UTF_8));
      digest.update(vars);
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copy(
      SourceTree tree, String top, String folder, Path target, MessageDigest digest)
      throws IOException {
    for (String path : tree.list(folder)) {
      String name = path.substring(path.lastIndexOf('/') + 1);
      if (folder.equals(top) && KEPT.contains(name) && !name.equals(".terraform.lock.hcl")) {
        continue; // a committed state file or plugin cache would overwrite the kept one
      }
      Path destination = target.resolve(name);
      switch (tree.kind(path)) {
        case DIRECTORY -> {
          Files.createDirectories(destination);
          copy(tree, top, path, destination, digest);
        }
        case FILE -> {
          byte[] content = tree.readBytes(path);
          Files.write(destination, content);
          digest.update(path.substring(top.length()).getBytes(StandardCharsets.UTF_8));
          digest.update(content);
        }
        case MISSING -> {}
      }
    }
  }

  /** The fingerprint the saved plan was made from, if any. */
  Optional<String> savedPlanFor() {
    Path file = root.resolve(PLAN_FOR);
    try {
      return Files.isRegularFile(file) && Files.isRegularFile(planFile())
          ? Optional.of(Files.readString(file).strip())
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void recordPlan(String fingerprint) {
    try {
      Files.writeString(root.resolve(PLAN_FOR), fingerprint);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void forgetPlan() {
    try {
      Files.deleteIfExists(root.resolve(PLAN_FOR));
      Files.deleteIfExists(planFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void forgetRefreshPlan() {
    try {
      Files.deleteIfExists(refreshPlanFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether an apply of this module completed here (and no destroy removed it since). */
  boolean applied() {
    return Files.isRegularFile(root.resolve(APPLIED));
  }

  void recordApplied() {
    try {
      Files.writeString(root.resolve(APPLIED), "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void writeMarker(Marker marker) {
    try {
      Files.createDirectories(root);
      Path temp = root.resolve(MARKER + ".tmp");
      JSON.writeValue(temp.toFile(), marker);
      Files.move(
          temp,
          root.resolve(MARKER),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Optional<Marker> readMarker(Path dir) {
    Path file = dir.resolve(MARKER);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), Marker.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes the whole working directory (after a successful destroy). */
  void remove() {
    try {
      deleteRecursively(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Holds this working directory for one step: a lock within this JVM and a file lock across
   * processes, so two runs on one machine take turns; Terraform's own state lock ({@code
   * -lock-timeout}) covers runs on different machines sharing a remote backend.
   */
  <T> T locked(java.util.function.Supplier<T> step) {
    ReentrantLock local = LOCKS.computeIfAbsent(root, r -> new ReentrantLock());
    try {
      local.lockInterruptibly();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new TerraformCli.TerraformInterruptedException(
          "interrupted while waiting for another step on " + root);
    }
    try {
      Files.createDirectories(root.getParent());
      Path lockFile = root.resolveSibling(root.getFileName() + ".lock");
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return step.get();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      local.unlock();
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
