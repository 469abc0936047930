package dev.setpoint.provider.ansible;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.setpoint.orchestrator.provider.ProcessTrees;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A typed wrapper over the {@code ansible-runner run} command line: one playbook run in a {@link
 * PrivateDataDir}, its results read from {@code artifacts/IDENT/rc}, {@code status} and {@code
 * job_events/} (never from Ansible's human output), each event also streamed as it happens for
 * progress.
 *
 * <p>The runner starts in a process group of its own ({@code setsid}). When the calling thread is
 * interrupted (a cancelled activity) or the run outlives its timeout, the group gets SIGTERM
 * (ansible-runner then cancels the playbook and its children), and whatever is still alive after
 * {@link #STOP_GRACE} is killed, the processes it started included.
 */
public final class AnsibleRunner {

  /** How long a stopped run may take to end after SIGTERM before it is killed. */
  public static final Duration STOP_GRACE = Duration.ofSeconds(10);

  static final String INSTALL_HINT =
      "install it on the worker machine (Debian: apt-get install -y ansible-core"
          + " python3-ansible-runner), or set spec.providers.ansible.binary to its path";

  static final String IDENT = "setpoint";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String binary;

  /**
   * @param binary the executable, a name on the PATH or an absolute path; null means the PATH
   */
  public AnsibleRunner(String binary) {
    this.binary = binary == null || binary.isBlank() ? "ansible-runner" : binary;
  }

  // ---- options and results ------------------------------------------------------------------

  /**
   * One run's options.
   *
   * @param check {@code --check --diff}: report what would change, change nothing
   * @param limit a host pattern for {@code --limit}, or null
   * @param tags Ansible tags for {@code --tags}; empty means every task
   * @param timeout the longest the run may take before it is stopped
   * @param defaultTimeout the resource set no timeout, so {@code timeout} is the default: the
   *     timeout message says so, for a user who never wrote one
   */
  public record RunOptions(
      boolean check, String limit, List<String> tags, Duration timeout, boolean defaultTimeout) {
    public RunOptions {
      tags = tags == null ? List.of() : List.copyOf(tags);
      Objects.requireNonNull(timeout, "timeout");
    }

    /** Options whose timeout the resource set. */
    public RunOptions(boolean check, String limit, List<String> tags, Duration timeout) {
      this(check, limit, tags, timeout, false);
    }
  }

  /** The recap of one host, from {@code playbook_on_stats}. */
  public record HostStats(int ok, int changed, int failed, int unreachable, int skipped) {}

  /**
   * One task result on one host that changed something or failed.
   *
   * @param message the module's {@code msg}, or null
   * @param diff the module's {@code diff} entries ({@code before}/{@code after}), possibly empty
   */
  public record TaskEvent(
      String host, String task, String action, String message, List<Map<String, Object>> diff) {
    public TaskEvent {
      diff = diff == null ? List.of() : List.copyOf(diff);
    }
  }

  /**
   * What a run did.
   *
   * @param returnCode {@code artifacts/IDENT/rc}
   * @param status {@code successful}, {@code failed}, {@code timeout} or {@code canceled}
   * @param hosts per host, in the recap's order
   * @param changed the task results that changed something (in check mode: would change)
   * @param failed the task results that failed, ignored failures left out
   * @param unreachable the hosts Ansible could not reach, with the message
   * @param stats the playbook's aggregated {@code set_stats} data
   * @param error the first {@code ERROR!} line Ansible printed (a syntax error, a missing
   *     variable), or null
   */
  public record RunResult(
      int returnCode,
      String status,
      Map<String, HostStats> hosts,
      List<TaskEvent> changed,
      List<TaskEvent> failed,
      List<TaskEvent> unreachable,
      Map<String, Object> stats,
      String error) {
    public boolean successful() {
      return returnCode == 0 && "successful".equals(status);
    }
  }

  // ---- running -------------------------------------------------------------------------------

  /** The command line, without the process-group wrapper; for tests and {@code --debug}. */
  List<String> arguments(PrivateDataDir dir, RunOptions options) {
    List<String> args = new ArrayList<>();
    args.add(binary);
    args.add("run");
    args.add(dir.root().toString());
    args.add("--playbook");
    args.add(dir.playbook());
    args.add("--ident");
    args.add(IDENT);
    args.add("--json");
    if (options.limit() != null && !options.limit().isBlank()) {
      args.add("--limit");
      args.add(options.limit());
    }
    List<String> cmdline = new ArrayList<>();
    if (options.check()) {
      cmdline.add("--check");
      cmdline.add("--diff");
    }
    if (!options.tags().isEmpty()) {
      cmdline.add("--tags");
      cmdline.add(shellQuote(String.join(",", options.tags())));
    }
    if (!cmdline.isEmpty()) {
      // with '=': ansible-runner's parser takes "--cmdline --check" for two options of its own
      args.add("--cmdline=" + String.join(" ", cmdline));
    }
    return args;
  }

  /**
   * Runs the playbook and reads its results, calling {@code events} with every job event as it
   * arrives. A playbook that fails is a result, not an exception; the exceptions are a missing
   * ansible-runner, an interrupted thread and a timeout, each after the process group is stopped.
   */
  public RunResult run(PrivateDataDir dir, RunOptions options, Consumer<JsonNode> events) {
    String executable = locate(binary);
    List<String> command = new ArrayList<>();
    Optional<String> setsid = locateOptional("setsid");
    setsid.ifPresent(command::add); // its own process group, so a stop reaches all of it
    command.add(executable);
    List<String> args = arguments(dir, options);
    command.addAll(args.subList(1, args.size()));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.root().toFile());
    builder.environment().putAll(environment());
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.redirectErrorStream(true);
    Process process;
    try {
      process = builder.start();
    } catch (IOException cannotStart) {
      throw new AnsibleMissingException(
          "cannot start ansible-runner (\"" + executable + "\"): " + INSTALL_HINT, cannotStart);
    }
    List<String> errors = new ArrayList<>();
    Thread output =
        reader(
            process.getInputStream(),
            line -> {
              JsonNode event = null;
              try {
                event = line.startsWith("{") ? JSON.readTree(line) : null;
              } catch (JsonProcessingException notAnEvent) {
                // a line of Ansible's own output that happens to start with a brace
              }
              if (event != null) {
                if (events != null) {
                  events.accept(event);
                }
              } else if (line.startsWith("ERROR!") || line.startsWith("setsid:")) {
                synchronized (errors) {
                  errors.add(line.strip());
                }
              }
            });
    boolean finished;
    try {
      finished = process.waitFor(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      stop(process);
      Thread.currentThread().interrupt();
      throw new AnsibleInterruptedException(
          "ansible-playbook was cancelled; its processes were stopped");
    }
    if (!finished) {
      stop(process);
      throw new AnsibleTimeoutException(
          "ansible-playbook did not finish within "
              + describe(options.timeout())
              + (options.defaultTimeout()
                  ? " (the default timeout: set the resource's timeout to allow longer)"
                  : " (the resource's timeout)")
              + "; its processes were stopped");
    }
    try {
      output.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    String error;
    synchronized (errors) {
      error = errors.isEmpty() ? null : errors.get(0);
    }
    return read(dir.artifacts(IDENT), process.exitValue(), error);
  }

  /** Settings for unattended runs; the worker's own environment is inherited otherwise. */
  static Map<String, String> environment() {
    return Map.of(
        "ANSIBLE_NOCOLOR", "1",
        "ANSIBLE_FORCE_COLOR", "0",
        "ANSIBLE_RETRY_FILES_ENABLED", "0",
        "PYTHONUNBUFFERED", "1");
  }

  /**
   * Reads a finished run's artifacts.
   *
   * @param exitCode the runner's exit code, used when the artifacts hold no {@code rc}
   * @param error the first {@code ERROR!} line of its output, or null
   */
  static RunResult read(Path artifacts, int exitCode, String error) {
    try {
      int rc = exitCode;
      Path rcFile = artifacts.resolve("rc");
      if (Files.isRegularFile(rcFile)) {
        rc = Integer.parseInt(Files.readString(rcFile).strip());
      }
      Path statusFile = artifacts.resolve("status");
      String status =
          Files.isRegularFile(statusFile)
              ? Files.readString(statusFile).strip()
              : (rc == 0 ? "successful" : "failed");
      Map<String, HostStats> hosts = new LinkedHashMap<>();
      List<TaskEvent> changed = new ArrayList<>();
      List<TaskEvent> failed = new ArrayList<>();
      List<TaskEvent> unreachable = new ArrayList<>();
      Map<String, Object> stats = new LinkedHashMap<>();
      for (JsonNode event : jobEvents(artifacts.resolve("job_events"))) {
        JsonNode data = event.path("event_data");
        switch (event.path("event").asText()) {
          case "runner_on_ok" -> {
            if (data.path("res").path("changed").asBoolean(false)) {
              changed.add(taskEvent(data));
            }
          }
          case "runner_on_failed" -> {
            if (!data.path("ignore_errors").asBoolean(false)) {
              failed.add(taskEvent(data));
            }
          }
          case "runner_on_unreachable" -> unreachable.add(taskEvent(data));
          case "playbook_on_stats" -> {
            hosts.putAll(hostStats(data));
            stats.putAll(plain(data.path("artifact_data")));
          }
          default -> {}
        }
      }
      return new RunResult(rc, status, hosts, changed, failed, unreachable, stats, error);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The job events in the order they happened ({@code N-UUID.json}, by N). */
  private static List<JsonNode> jobEvents(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    List<JsonNode> events = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().endsWith(".json"))
              .sorted(Comparator.comparingLong(AnsibleRunner::counter))
              .toList()) {
        events.add(JSON.readTree(file.toFile()));
      }
    }
    return events;
  }

  private static long counter(Path eventFile) {
    String name = eventFile.getFileName().toString();
    int dash = name.indexOf('-');
    try {
      return Long.parseLong(dash < 0 ? name : name.substring(0, dash));
    } catch (NumberFormatException partial) {
      return Long.MAX_VALUE; // a file still being written sorts last
    }
  }

  private static Map<String, HostStats> hostStats(JsonNode data) {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    for (String field : List.of("processed", "ok", "changed", "failures", "dark", "skipped")) {
      data.path(field).fieldNames().forEachRemaining(names::add);
    }
    Map<String, HostStats> hosts = new LinkedHashMap<>();
    for (String host : names) {
      hosts.put(
          host,
          new HostStats(
              data.path("ok").path(host).asInt(0),
              data.path("changed").path(host).asInt(0),
              data.path("failures").path(host).asInt(0),
              data.path("dark").path(host).asInt(0),
              data.path("skipped").path(host).asInt(0)));
    }
    return hosts;
  }

  @SuppressWarnings("unchecked")
  private static TaskEvent taskEvent(JsonNode data) {
    JsonNode res = data.path("res");
    List<Map<String, Object>> diff = new ArrayList<>();
    JsonNode diffs = res.path("diff");
    if (diffs.isObject()) {
      diff.add(JSON.convertValue(diffs, Map.class));
    } else {
      diffs.forEach(d -> diff.add(JSON.convertValue(d, Map.class)));
    }
    String message = res.hasNonNull("msg") ? res.path("msg").asText() : null;
    if (message == null && res.hasNonNull("stderr") && !res.path("stderr").asText().isBlank()) {
      message = res.path("stderr").asText();
    }
    return new TaskEvent(
        data.path("host").asText(),
        data.path("task").asText(),
        data.path("task_action").asText(null),
        message,
        diff);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> plain(JsonNode object) {
    return object.isObject() ? JSON.convertValue(object, Map.class) : Map.of();
  }

  // ---- processes -----------------------------------------------------------------------------

  /**
   * Stops a run: SIGTERM to its process group (ansible-runner cancels the playbook on it), then,
   * after {@link #STOP_GRACE}, SIGKILL to the group and to every process it had started, which
   * ansible-runner puts in sessions of their own. It waits for all of them even when the thread was
   * interrupted, and leaves the interrupt flag as it found it.
   */
  static void stop(Process process) {
    boolean interrupted = Thread.interrupted();
    List<ProcessHandle> started = new ArrayList<>(process.descendants().toList());
    try {
      signalGroup(process.pid(), "TERM");
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        signalGroup(process.pid(), "KILL");
      }
    } catch (InterruptedException again) {
      interrupted = true;
      signalGroup(process.pid(), "KILL");
    } finally {
      started.add(process.toHandle());
      started.addAll(process.descendants().toList());
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      ProcessTrees.killAndAwait(started, Duration.ofSeconds(5));
    }
  }

  private static void signalGroup(long leader, String signal) {
    try {
      new ProcessBuilder("kill", "-" + signal, "--", "-" + leader)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .onExit()
          .get(5, TimeUnit.SECONDS);
    } catch (IOException
        | InterruptedException
        | java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException noKill) {
      ProcessHandle.of(leader).ifPresent(ProcessHandle::destroy);
    }
  }

  /** Hands every line of a stream to {@code lines}, on a daemon thread, until the stream ends. */
  private static Thread reader(InputStream stream, Consumer<String> lines) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                reader.lines().forEach(lines);
              } catch (IOException | UncheckedIOException closed) {
                // the process ended
              }
            },
            "ansible-runner-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** The executable's absolute path: as given when it holds a slash, else found on the PATH. */
  static String locate(String binary) {
    return locateOptional(binary)
        .orElseThrow(
            () ->
                new AnsibleMissingException(
                    "ansible-runner not found (\"" + binary + "\"): " + INSTALL_HINT, null));
  }

  private static Optional<String> locateOptional(String binary) {
    if (binary.contains("/")) {
      Path path = Path.of(binary);
      return Files.isExecutable(path) && Files.isRegularFile(path)
          ? Optional.of(path.toAbsolutePath().toString())
          : Optional.empty();
    }
    String searchPath = System.getenv("PATH");
    if (searchPath == null) {
      return Optional.empty();
    }
    for (String folder : searchPath.split(File.pathSeparator)) {
      if (folder.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(folder, binary);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath().toString());
      }
    }
    return Optional.empty();
  }

  /** Single quotes for ansible-runner's {@code shlex.split} of {@code --cmdline}. */
  static String shellQuote(String text) {
    return "'" + text.replace("'", "'\"'\"'") + "'";
  }

  static String describe(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds % 3600 == 0 && seconds > 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0 && seconds > 0) {
      return seconds / 60 + "m";
    }
    return seconds > 0 ? seconds + "s" : duration.toMillis() + "ms";
  }

  /** ansible-runner is not installed where the settings say. */
  public static final class AnsibleMissingException extends RuntimeException {
    AnsibleMissingException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The thread running a playbook was interrupted (activity cancelled); it was stopped. */
  public static final class AnsibleInterruptedException extends RuntimeException {
    AnsibleInterruptedException(String message) {
      super(message);
    }
  }

  /** A playbook outlived its timeout; it was stopped. */
  public static final class AnsibleTimeoutException extends RuntimeException {
    AnsibleTimeoutException(String message) {
      super(message);
    }
  }
}
