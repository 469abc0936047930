package dev.setpoint.provider.terraform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.setpoint.orchestrator.provider.ProcessTrees;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A typed wrapper over the {@code terraform} command line, modelled on hashicorp/terraform-exec:
 * one method per command, an options record per command with explicit defaults, results parsed from
 * Terraform's JSON output (never from its human text).
 *
 * <p>Every command runs with {@code -no-color}, with {@code -input=false} and {@code -json} where
 * it accepts them (each argument builder says where not), {@code TF_IN_AUTOMATION=1} and the
 * wrapper's own CLI configuration file ({@code TF_CLI_CONFIG_FILE}), which holds a {@code
 * filesystem_mirror} when a plugin folder is set. A failure is a {@link TerraformException} with
 * the exit code and a one-line summary from the {@code -json} diagnostics. An interrupted thread
 * sends the process SIGINT (Terraform then stops cleanly and releases its state lock), waits {@link
 * #INTERRUPT_GRACE}, and only then kills it.
 */
public final class TerraformCli {

  /**
   * The oldest Terraform this wrapper drives ({@code workspace select -or-create}, check blocks).
   */
  public static final int[] MINIMUM_VERSION = {1, 5, 0};

  /** The first Terraform whose {@code init} takes {@code -json}. */
  static final int[] INIT_JSON_VERSION = {1, 9, 0};

  /** How often a stopping command's descendants are noted while it stops. */
  private static final Duration POLL = Duration.ofMillis(20);

  /** How long an interrupted command may take to stop after SIGINT before it is killed. */
  public static final Duration INTERRUPT_GRACE = Duration.ofSeconds(30);

  /** Default for every {@code -lock-timeout}: long enough to wait out another run's short step. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMinutes(2);

  static final String INSTALL_HINT =
      "install Terraform 1.5 or newer (https://developer.hashicorp.com/terraform/install) on the"
          + " worker machine, or set spec.providers.terraform.binary to its path";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int STDERR_TAIL_LINES = 40;

  private final String binary;
  private final Path cliConfigFile;

  /**
   * @param binary the executable, a name on the PATH or an absolute path
   * @param cliConfigFile the CLI configuration file this wrapper writes and points Terraform at
   * @param pluginDir a provider mirror folder, or null for none
   */
  public TerraformCli(String binary, Path cliConfigFile, String pluginDir) {
    this.binary = binary == null || binary.isBlank() ? "terraform" : binary;
    this.cliConfigFile = cliConfigFile.toAbsolutePath();
    try {
      Files.createDirectories(this.cliConfigFile.getParent());
      Files.writeString(this.cliConfigFile, cliConfig(pluginDir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CLI configuration: empty, or a filesystem mirror for every provider. */
  static String cliConfig(String pluginDir) {
    if (pluginDir == null || pluginDir.isBlank()) {
      return "# written by Setpoint: no provider mirror\n";
    }
    return "provider_installation {\n  filesystem_mirror {\n    path = "
        + hclString(Path.of(pluginDir).toAbsolutePath().toString())
        + "\n  }\n}\n";
  }

  private static String hclString(String text) {
    try {
      return JSON.writeValueAsString(text).replace("${", "$${").replace("%{", "%%{");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- results -------------------------------------------------------------------------------

  /** One diagnostic of a {@code -json} output. */
  public record Diagnostic(
      String severity,
      String summary,
      String detail,
      String address,
      String filename,
      Integer line) {}

  /** {@code terraform version -json}. */
  public record VersionInfo(String version) {
    /** Whether it is at least {@link #MINIMUM_VERSION}. */
    public boolean supported() {
      return compare(version, MINIMUM_VERSION) >= 0;
    }

    /** Whether {@code init} takes {@code -json} (Terraform 1.9 added it). */
    public boolean initTakesJson() {
      return compare(version, INIT_JSON_VERSION) >= 0;
    }
  }

  /** What {@code plan -detailed-exitcode} said: exit 2 means changes. */
  public record PlanResult(boolean changes, Path planFile) {}

  /** One entry of {@code resource_changes} or {@code resource_drift}. */
  public record ResourceChange(
      String address,
      String mode,
      List<String> actions,
      JsonNode before,
      JsonNode after,
      JsonNode afterUnknown,
      JsonNode beforeSensitive,
      JsonNode afterSensitive) {
    /** Whether the actions do something ({@code no-op} and {@code read} do not). */
    public boolean changes() {
      return !(actions.equals(List.of("no-op")) || actions.equals(List.of("read")));
    }
  }

  /** One entry of {@code output_changes}. */
  public record OutputChange(List<String> actions, boolean sensitive) {}

  /** {@code show -json PLANFILE}, the parts Setpoint reads. */
  public record PlanJson(
      List<ResourceChange> resourceChanges,
      List<ResourceChange> resourceDrift,
      Map<String, OutputChange> outputChanges,
      boolean hasPriorResources) {}

  /** One output of {@code output -json}. */
  public record OutputValue(Object value, boolean sensitive) {}

  // ---- options -------------------------------------------------------------------------------

  /**
   * {@code version}: nothing to choose; it takes only {@code -json} (and {@code -no-color}), so the
   * record exists to call every command the same way.
   */
  public record VersionOptions() {
    public static VersionOptions defaults() {
      return new VersionOptions();
    }
  }

  /**
   * {@code init}: backend settings as {@code -backend-config=key=value}, lock timeout, upgrade, and
   * whether to ask for {@code -json} (Terraform 1.9 or newer; older ones refuse the flag).
   */
  public record InitOptions(
      Map<String, String> backendConfig, Duration lockTimeout, boolean upgrade, boolean json) {
    public InitOptions {
      backendConfig = backendConfig == null ? Map.of() : Map.copyOf(backendConfig);
      lockTimeout = lockTimeout == null ? DEFAULT_LOCK_TIMEOUT : lockTimeout;
    }

    public static InitOptions defaults() {
      return new InitOptions(Map.of(), DEFAULT_LOCK_TIMEOUT, false, true);
    }
  }

  /** {@code workspace select}: the workspace, and whether a missing one is created (default). */
  public record WorkspaceSelectOptions(String name, boolean orCreate) {
    public WorkspaceSelectOptions {
      Objects.requireNonNull(name, "name");
    }

    public static WorkspaceSelectOptions defaults(String name) {
      return new WorkspaceSelectOptions(name, true);
    }
  }

  /**
   * {@code validate}: nothing to choose beyond {@code -json}; one record per command all the same.
   */
  public record ValidateOptions() {
    public static ValidateOptions defaults() {
      return new ValidateOptions();
    }
  }

  /** {@code plan}: where the plan goes, refresh-only or destroy, lock timeout, parallelism. */
  public record PlanOptions(
      Path out, boolean refreshOnly, boolean destroy, Duration lockTimeout, Integer parallelism) {
    public PlanOptions {
      Objects.requireNonNull(out, "out");
      lockTimeout = lockTimeout == null ? DEFAULT_LOCK_TIMEOUT : lockTimeout;
    }

    public static PlanOptions defaults(Path out) {
      return new PlanOptions(out, false, false, DEFAULT_LOCK_TIMEOUT, null);
    }
  }

  /** {@code apply PLANFILE}: lock timeout, parallelism. */
  public record ApplyOptions(Path planFile, Duration lockTimeout, Integer parallelism) {
    public ApplyOptions {
      Objects.requireNonNull(planFile, "planFile");
      lockTimeout = lockTimeout == null ? DEFAULT_LOCK_TIMEOUT : lockTimeout;
    }

    public static ApplyOptions defaults(Path planFile) {
      return new ApplyOptions(planFile, DEFAULT_LOCK_TIMEOUT, null);
    }
  }

  /** {@code show -json}: the saved plan to read. */
  public record ShowOptions(Path planFile) {
    public ShowOptions {
      Objects.requireNonNull(planFile, "planFile");
    }

    public static ShowOptions defaults(Path planFile) {
      return new ShowOptions(planFile);
    }
  }

  /** {@code output -json}: nothing to choose; every root output is read. */
  public record OutputOptions() {
    public static OutputOptions defaults() {
      return new OutputOptions();
    }
  }

  /** {@code destroy}: lock timeout, parallelism. */
  public record DestroyOptions(Duration lockTimeout, Integer parallelism) {
    public DestroyOptions {
      lockTimeout = lockTimeout == null ? DEFAULT_LOCK_TIMEOUT : lockTimeout;
    }

    public static DestroyOptions defaults() {
      return new DestroyOptions(DEFAULT_LOCK_TIMEOUT, null);
    }
  }

  // ---- commands ------------------------------------------------------------------------------

  /** {@code terraform version -json}; a missing binary or one older than 1.5 is refused. */
  public VersionInfo version(VersionOptions options) {
    Execution run = execute(null, versionArgs(options), null);
    if (run.exitCode != 0) {
      throw failure("version", run, ErrorOutput.STDERR_TEXT);
    }
    JsonNode answer = parseLine(run.stdout.strip());
    String version = answer == null ? "" : answer.path("terraform_version").asText("");
    if (version.isBlank()) {
      // not terraform, or one too old for -json: say what it printed, not a parser's trace
      String printed = run.stdout.strip().lines().findFirst().orElse("");
      throw new TerraformMissingException(
          "\""
              + binary
              + "\" is not a terraform that answers `version -json` (it printed "
              + (printed.isEmpty() ? "nothing" : "\"" + abbreviate(printed) + "\"")
              + "); "
              + INSTALL_HINT);
    }
    VersionInfo info = new VersionInfo(version);
    if (!info.supported()) {
      throw new TerraformMissingException(
          "terraform "
              + info.version()
              + " at \""
              + binary
              + "\" is too old: Setpoint needs 1.5 or newer; "
              + INSTALL_HINT);
    }
    return info;
  }

  static List<String> versionArgs(VersionOptions options) {
    // version takes no -input
    return List.of("version", "-no-color", "-json");
  }

  /** {@code terraform init}. */
  public void init(Path dir, InitOptions options) {
    expectSuccess(
        "init",
        execute(dir, initArgs(options), null),
        options.json() ? ErrorOutput.JSON : ErrorOutput.STDERR_TEXT);
  }

  static List<String> initArgs(InitOptions options) {
    List<String> args = new ArrayList<>(List.of("init", "-input=false", "-no-color"));
    if (options.json()) {
      args.add("-json");
    }
    args.add("-lock-timeout=" + seconds(options.lockTimeout()));
    if (options.upgrade()) {
      args.add("-upgrade");
    }
    options.backendConfig().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> args.add("-backend-config=" + e.getKey() + "=" + e.getValue()));
    return args;
  }

  /** {@code terraform workspace select -or-create NAME}. */
  public void selectWorkspace(Path dir, WorkspaceSelectOptions options) {
    expectSuccess(
        "workspace select",
        execute(dir, workspaceSelectArgs(options), null),
        ErrorOutput.STDERR_TEXT);
  }

  static List<String> workspaceSelectArgs(WorkspaceSelectOptions options) {
    // workspace select takes neither -input nor -json: it never prompts, and its errors are text
    return List.of(
        "workspace", "select", "-no-color", "-or-create=" + options.orCreate(), options.name());
  }

  /** {@code terraform validate -json}; its error diagnostics, empty when valid. */
  public List<Diagnostic> validate(Path dir, ValidateOptions options) {
    Execution run = execute(dir, validateArgs(options), null);
    JsonNode result = run.stdout.isBlank() ? JSON.createObjectNode() : parse(run.stdout);
    List<Diagnostic> errors = new ArrayList<>();
    for (JsonNode d : result.path("diagnostics")) {
      Diagnostic diagnostic = diagnostic(d);
      if ("error".equals(diagnostic.severity())) {
        errors.add(diagnostic);
      }
    }
    if (run.exitCode != 0 && errors.isEmpty()) {
      throw failure("validate", run, ErrorOutput.JSON);
    }
    return errors;
  }

  static List<String> validateArgs(ValidateOptions options) {
    // validate takes no -input: it never reads variables
    return List.of("validate", "-no-color", "-json");
  }

  /** {@code terraform plan -detailed-exitcode -out=FILE}: whether it changes anything. */
  public PlanResult plan(Path dir, PlanOptions options) {
    Execution run = execute(dir, planArgs(options), null);
    if (run.exitCode == 0 || run.exitCode == 2) {
      return new PlanResult(run.exitCode == 2, options.out());
    }
    throw failure("plan", run, ErrorOutput.JSON);
  }

  static List<String> planArgs(PlanOptions options) {
    List<String> args =
        new ArrayList<>(
            List.of("plan", "-input=false", "-no-color", "-json", "-detailed-exitcode"));
    args.add("-lock-timeout=" + seconds(options.lockTimeout()));
    if (options.refreshOnly()) {
      args.add("-refresh-only");
    }
    if (options.destroy()) {
      args.add("-destroy");
    }
    if (options.parallelism() != null) {
      args.add("-parallelism=" + options.parallelism());
    }
    args.add("-out=" + options.out().toAbsolutePath());
    return args;
  }

  /** {@code terraform show -json PLANFILE}. */
  public PlanJson show(Path dir, ShowOptions options) {
    Execution run = execute(dir, showArgs(options), null);
    if (run.exitCode != 0) {
      throw failure("show", run, ErrorOutput.STDERR_TEXT);
    }
    return parsePlan(parse(run.stdout));
  }

  static List<String> showArgs(ShowOptions options) {
    // show takes no -input; with -json it prints the plan, but its errors still as text on stderr
    return List.of("show", "-no-color", "-json", options.planFile().toAbsolutePath().toString());
  }

  static PlanJson parsePlan(JsonNode plan) {
    Map<String, OutputChange> outputs = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = plan.path("output_changes").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      JsonNode change = entry.getValue();
      boolean sensitive =
          change.path("after_sensitive").asBoolean(false)
              || change.path("before_sensitive").asBoolean(false)
              || plan.path("planned_values")
                  .path("outputs")
                  .path(entry.getKey())
                  .path("sensitive")
                  .asBoolean(false);
      outputs.put(entry.getKey(), new OutputChange(strings(change.path("actions")), sensitive));
    }
    return new PlanJson(
        resourceChanges(plan.path("resource_changes")),
        resourceChanges(plan.path("resource_drift")),
        outputs,
        hasResources(plan.path("prior_state").path("values").path("root_module")));
  }

  /** Whether a state module (or one of its children) holds any resource. */
  private static boolean hasResources(JsonNode module) {
    if (module.path("resources").size() > 0) {
      return true;
    }
    for (JsonNode child : module.path("child_modules")) {
      if (hasResources(child)) {
        return true;
      }
    }
    return false;
  }

  private static List<ResourceChange> resourceChanges(JsonNode list) {
    List<ResourceChange> changes = new ArrayList<>();
    for (JsonNode rc : list) {
      JsonNode change = rc.path("change");
      changes.add(
          new ResourceChange(
              rc.path("address").asText(),
              rc.path("mode").asText("managed"),
              strings(change.path("actions")),
              change.path("before"),
              change.path("after"),
              change.path("after_unknown"),
              change.path("before_sensitive"),
              change.path("after_sensitive")));
    }
    return changes;
  }

  /**
   * {@code terraform apply -json PLANFILE}; each JSON UI message goes to {@code messages} as it
   * arrives (for progress), or nowhere when null.
   */
  public void apply(Path dir, ApplyOptions options, Consumer<JsonNode> messages) {
    expectSuccess("apply", execute(dir, applyArgs(options), messages), ErrorOutput.JSON);
  }

  static List<String> applyArgs(ApplyOptions options) {
    List<String> args =
        new ArrayList<>(List.of("apply", "-input=false", "-no-color", "-json", "-auto-approve"));
    args.add("-lock-timeout=" + seconds(options.lockTimeout()));
    if (options.parallelism() != null) {
      args.add("-parallelism=" + options.parallelism());
    }
    args.add(options.planFile().toAbsolutePath().toString());
    return args;
  }

  /** {@code terraform output -json}: every root output by name, with its sensitive flag. */
  public Map<String, OutputValue> output(Path dir, OutputOptions options) {
    Execution run = execute(dir, outputArgs(options), null);
    if (run.exitCode != 0) {
      throw failure("output", run, ErrorOutput.STDERR_TEXT);
    }
    Map<String, OutputValue> outputs = new LinkedHashMap<>();
    if (run.stdout.isBlank()) {
      return outputs;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = parse(run.stdout).fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      outputs.put(
          entry.getKey(),
          new OutputValue(
              JSON.convertValue(entry.getValue().path("value"), Object.class),
              entry.getValue().path("sensitive").asBoolean(false)));
    }
    return outputs;
  }

  static List<String> outputArgs(OutputOptions options) {
    // output takes no -input; with -json it prints the values, but its errors still as text
    return List.of("output", "-no-color", "-json");
  }

  /** {@code terraform destroy -json -auto-approve}. */
  public void destroy(Path dir, DestroyOptions options, Consumer<JsonNode> messages) {
    expectSuccess("destroy", execute(dir, destroyArgs(options), messages), ErrorOutput.JSON);
  }

  static List<String> destroyArgs(DestroyOptions options) {
    List<String> args =
        new ArrayList<>(List.of("destroy", "-input=false", "-no-color", "-json", "-auto-approve"));
    args.add("-lock-timeout=" + seconds(options.lockTimeout()));
    if (options.parallelism() != null) {
      args.add("-parallelism=" + options.parallelism());
    }
    return args;
  }

  // ---- running -------------------------------------------------------------------------------

  /** A finished command: exit code, stdout, error diagnostics from JSON lines, stderr tail. */
  private record Execution(
      int exitCode, String stdout, List<Diagnostic> diagnostics, String stderrTail) {}

  /** Where a command puts its errors. */
  enum ErrorOutput {
    /** {@code -json} diagnostics: the summary comes from them, never from stderr. */
    JSON,
    /** Human text on stderr only: the command cannot emit JSON diagnostics. */
    STDERR_TEXT
  }

  private void expectSuccess(String command, Execution run, ErrorOutput errors) {
    if (run.exitCode != 0) {
      throw failure(command, run, errors);
    }
  }

  private static TerraformException failure(String command, Execution run, ErrorOutput errors) {
    return new TerraformException(command, run.exitCode, run.diagnostics, run.stderrTail, errors);
  }

  /** The command line, for tests and {@code --debug}. */
  List<String> commandLine(List<String> args) {
    List<String> line = new ArrayList<>();
    line.add(binary);
    line.addAll(args);
    return line;
  }

  Map<String, String> environment() {
    return Map.of(
        "TF_IN_AUTOMATION", "1",
        "TF_INPUT", "0",
        "TF_CLI_CONFIG_FILE", cliConfigFile.toString(),
        "CHECKPOINT_DISABLE", "1");
  }

  private Execution execute(Path dir, List<String> args, Consumer<JsonNode> messages) {
    ProcessBuilder builder = new ProcessBuilder(commandLine(args));
    if (dir != null) {
      builder.directory(dir.toFile());
    }
    builder.environment().remove("TF_WORKSPACE");
    builder.environment().putAll(environment());
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process process;
    try {
      process = builder.start();
    } catch (IOException notFound) {
      throw new TerraformMissingException(
          "terraform not found (\"" + binary + "\"): " + INSTALL_HINT, notFound);
    }
    StringBuilder stdout = new StringBuilder();
    List<Diagnostic> diagnostics = new ArrayList<>();
    Deque<String> stderr = new ArrayDeque<>();
    Thread out =
        reader(
            process.getInputStream(),
            line -> {
              synchronized (stdout) {
                stdout.append(line).append('\n');
              }
              if (line.startsWith("{\"@level\"")) {
                JsonNode message = parseLine(line);
                if (message != null) {
                  if ("diagnostic".equals(message.path("type").asText())) {
                    Diagnostic d = diagnostic(message.path("diagnostic"));
                    if ("error".equals(d.severity())) {
                      synchronized (diagnostics) {
                        diagnostics.add(d);
                      }
                    }
                  }
                  if (messages != null) {
                    messages.accept(message);
                  }
                }
              }
            });
    Thread err =
        reader(
            process.getErrorStream(),
            line -> {
              synchronized (stderr) {
                stderr.addLast(line);
                while (stderr.size() > STDERR_TAIL_LINES) {
                  stderr.removeFirst();
                }
              }
            });
    int exit;
    try {
      exit = process.waitFor();
      out.join();
      err.join();
    } catch (InterruptedException interrupted) {
      stop(process);
      Thread.currentThread().interrupt();
      throw new TerraformInterruptedException(
          "terraform " + args.get(0) + " was interrupted; it was sent SIGINT to release its lock");
    }
    String tail;
    synchronized (stderr) {
      tail = String.join("\n", stderr);
    }
    synchronized (diagnostics) {
      return new Execution(exit, stdout.toString(), List.copyOf(diagnostics), tail);
    }
  }

  /**
   * Stops an interrupted command the way Terraform expects: SIGINT (it finishes the operations in
   * flight, writes state and releases the lock), then a forced kill after {@link #INTERRUPT_GRACE}.
   */
  static void stop(Process process) {
    // provisioners' commands (local-exec) outlive Terraform when it stops: remember them now
    Set<ProcessHandle> children = new LinkedHashSet<>(process.descendants().toList());
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
          .redirectErrorStream(true)
          .start()
          .waitFor(5, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException noKill) {
      process.destroy(); // SIGTERM on Linux: Terraform treats it like SIGINT
    }
    try {
      if (!waitUninterruptibly(process, INTERRUPT_GRACE, children)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } finally {
      List<ProcessHandle> started = new ArrayList<>(children);
      started.addAll(process.descendants().toList());
      ProcessTrees.killAndAwait(started, Duration.ofSeconds(5));
    }
  }

  /**
   * Waits for the process to exit, noting its descendants as it goes: a provisioner command started
   * just before SIGINT would otherwise be orphaned unseen when Terraform exits.
   */
  private static boolean waitUninterruptibly(
      Process process, Duration limit, Set<ProcessHandle> seen) {
    long deadline = System.nanoTime() + limit.toNanos();
    boolean interrupted = false;
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return !process.isAlive();
        }
        try {
          seen.addAll(process.descendants().toList());
          if (process.waitFor(Math.min(left, POLL.toNanos()), TimeUnit.NANOSECONDS)) {
            return true;
          }
        } catch (InterruptedException again) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Thread reader(InputStream stream, Consumer<String> lines) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  lines.accept(line);
                }
              } catch (IOException closed) {
                // the process ended
              }
            },
            "terraform-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  // ---- parsing helpers -----------------------------------------------------------------------

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("terraform printed JSON Setpoint cannot read", e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }

  private static JsonNode parseLine(String line) {
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException notJson) {
      return null;
    }
  }

  static Diagnostic diagnostic(JsonNode d) {
    String address = d.hasNonNull("address") ? d.path("address").asText() : null;
    if (address == null) {
      address = blockAddress(d.path("snippet").path("context").asText(""));
    }
    JsonNode range = d.path("range");
    return new Diagnostic(
        d.path("severity").asText(""),
        d.hasNonNull("summary") ? d.path("summary").asText() : null,
        d.hasNonNull("detail") ? d.path("detail").asText() : null,
        address,
        range.hasNonNull("filename") ? range.path("filename").asText() : null,
        range.path("start").hasNonNull("line") ? range.path("start").path("line").asInt() : null);
  }

  /**
   * The address of the block a snippet's {@code context} names: {@code terraform_data.a} for {@code
   * resource "terraform_data" "a"}, {@code data.x.y} for a data block; null otherwise.
   */
  static String blockAddress(String context) {
    String[] parts = context.strip().split("\"");
    // resource "TYPE" "NAME"  splits into: [resource , TYPE,  , NAME]
    if (parts.length >= 4 && parts[2].isBlank()) {
      String keyword = parts[0].strip();
      if (keyword.equals("resource")) {
        return parts[1] + "." + parts[3];
      }
      if (keyword.equals("data")) {
        return "data." + parts[1] + "." + parts[3];
      }
    }
    if (parts.length >= 2 && parts[0].strip().equals("output")) {
      return "output." + parts[1];
    }
    return null;
  }

  /**
   * One line: {@code terraform plan failed (exit 1): ADDRESS: SUMMARY: DETAIL (FILE:LINE)} from the
   * first error diagnostic; from stderr's text only for a command that cannot emit JSON.
   */
  static String summarize(
      String command,
      int exitCode,
      List<Diagnostic> diagnostics,
      String stderrTail,
      ErrorOutput errors) {
    StringBuilder line =
        new StringBuilder("terraform ")
            .append(command)
            .append(" failed (exit ")
            .append(exitCode)
            .append(")");
    if (!diagnostics.isEmpty()) {
      Diagnostic first = diagnostics.get(0);
      line.append(": ");
      if (first.address() != null) {
        line.append(first.address()).append(": ");
      }
      line.append(first.summary() == null ? "error" : first.summary());
      if (first.detail() != null && !first.detail().isBlank()) {
        line.append(": ").append(first.detail().strip());
      }
      if (first.filename() != null) {
        line.append(" (").append(first.filename());
        if (first.line() != null) {
          line.append(':').append(first.line());
        }
        line.append(')');
      }
      if (diagnostics.size() > 1) {
        line.append(" (and ").append(diagnostics.size() - 1).append(" more errors)");
      }
    } else if (errors == ErrorOutput.STDERR_TEXT) {
      String error = stderrError(stderrTail);
      if (!error.isEmpty()) {
        line.append(": ").append(error);
      }
    } else {
      // a JSON command that died before its first diagnostic (killed, or refused its flags)
      line.append(" without an error diagnostic");
      if (stderrTail != null && !stderrTail.isBlank()) {
        line.append("; setpoint --debug shows its stderr");
      }
    }
    return line.toString().replaceAll("\\s*\\R\\s*", " ");
  }

  /**
   * The human-text fallback, only for commands that cannot emit JSON diagnostics (version, show,
   * output, workspace select, init before 1.9): the first {@code Error:} line of stderr, else its
   * first non-blank line, without the box-drawing border Terraform puts around diagnostics.
   */
  private static String stderrError(String stderrTail) {
    if (stderrTail == null) {
      return "";
    }
    String first = "";
    for (String l : stderrTail.split("\\R")) {
      String text = l.replaceAll("^[\\s│╷╵]+", "").strip();
      if (text.startsWith("Error:")) {
        return text;
      }
      if (first.isEmpty()) {
        first = text;
      }
    }
    return first;
  }

  private static List<String> strings(JsonNode list) {
    List<String> values = new ArrayList<>();
    list.forEach(v -> values.add(v.asText()));
    return List.copyOf(values);
  }

  private static String seconds(Duration duration) {
    return Math.max(0, duration.toSeconds()) + "s";
  }

  static int compare(String version, int[] minimum) {
    String[] parts = version.replaceFirst("^v", "").split("[.-]");
    for (int i = 0; i < minimum.length; i++) {
      int part;
      try {
        part = i < parts.length ? Integer.parseInt(parts[i]) : 0;
      } catch (NumberFormatException notNumber) {
        part = 0;
      }
      if (part != minimum[i]) {
        return Integer.compare(part, minimum[i]);
      }
    }
    return 0;
  }

  /** Terraform is not installed where the settings say, or is older than 1.5. */
  public static final class TerraformMissingException extends RuntimeException {
    TerraformMissingException(String message) {
      super(message);
    }

    TerraformMissingException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The thread running a command was interrupted (activity cancelled); the process was stopped. */
  public static final class TerraformInterruptedException extends RuntimeException {
    TerraformInterruptedException(String message) {
      super(message);
    }
  }
}
