package dev.setpoint.provider.ansible;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.setpoint.orchestrator.git.SourceTree;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.Change;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ProviderException;
import dev.setpoint.orchestrator.provider.ResourceHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code ansible:Playbook}: a playbook from the repository run by ansible-runner. Observe is a
 * check-mode run ({@code --check --diff}) whose changed tasks are the drift, diff lists them, apply
 * is a real run, and the playbook's {@code set_stats} data are the outputs. A playbook leaves
 * nothing Setpoint could remove, so delete only forgets it.
 */
public final class AnsiblePlaybookHandler implements ResourceHandler {

  public static final String TYPE = "ansible:Playbook";

  /** How long one run may take when the resource sets no {@code timeout}. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

  /** Written after the first successful apply: before it, the playbook has never run here. */
  static final String APPLIED_MARKER = "setpoint-playbook.json";

  /** How much of a diff's before or after text a change shows. */
  static final int SUMMARY_LENGTH = 120;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Observation observe(ResourceSpec spec, ProviderContext context) {
    AnsibleRunner runner = runner(context);
    guarded(() -> AnsibleRunner.locate(binary(context)));
    if (!Files.isRegularFile(context.workDirectory().resolve(APPLIED_MARKER))) {
      return Observation.absent();
    }
    AnsibleRunner.RunResult result = run(spec, context, runner, true);
    Map<String, Object> changes = changes(result.changed());
    addUnpredictable(result.failed(), changes);
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("changes", changes);
    return Observation.managed(playbook(spec), state, Outputs.of(result.stats()));
  }

  @Override
  public Plan diff(ResourceSpec spec, Observation observation) {
    if (!observation.exists()) {
      return Plan.create();
    }
    List<Change> changes = new ArrayList<>();
    if (observation.state().get("changes") instanceof Map<?, ?> byPath) {
      byPath.forEach(
          (path, change) -> {
            Map<?, ?> c = (Map<?, ?>) change;
            changes.add(new Change(String.valueOf(path), c.get("before"), c.get("after")));
          });
    }
    return changes.isEmpty() ? Plan.none() : Plan.update(changes);
  }

  @Override
  public Outputs apply(ResourceSpec spec, Plan plan, ProviderContext context) {
    AnsibleRunner.RunResult result = run(spec, context, runner(context), false);
    writeMarker(spec, context);
    return Outputs.of(result.stats());
  }

  /** Nothing on the hosts is undone (a playbook has no inverse); Setpoint forgets the playbook. */
  @Override
  public void delete(ManagedResource resource, ProviderContext context) {
    try {
      Files.deleteIfExists(context.workDirectory().resolve(APPLIED_MARKER));
    } catch (IOException e) {
      throw ProviderException.transientFailure(
          "cannot remove " + context.workDirectory().resolve(APPLIED_MARKER) + ": " + e, e);
    }
  }

  // ---- runs ----------------------------------------------------------------------------------

  private static AnsibleRunner.RunResult run(
      ResourceSpec spec, ProviderContext context, AnsibleRunner runner, boolean check) {
    SourceTree tree = context.sourceTree();
    if (tree == null) {
      throw ProviderException.invalid(
          spec.name() + ": the playbook's files are needed but the step has no source tree");
    }
    String playbook = playbook(spec);
    if (tree.kind(playbook) != SourceTree.Kind.FILE) {
      throw ProviderException.invalid(
          "playbook " + playbook + " is not a file in " + tree.describe());
    }
    AnsibleRunner.RunOptions options =
        new AnsibleRunner.RunOptions(
            check,
            spec.properties().get("limit") instanceof String limit ? limit : null,
            tags(spec),
            spec.timeout() != null ? spec.timeout() : DEFAULT_TIMEOUT,
            spec.timeout() == null);
    String mode = check ? "ansible-playbook --check" : "ansible-playbook";
    context.progress(mode + " " + playbook);
    PrivateDataDir dir =
        guarded(
            () ->
                PrivateDataDir.create(
                    context.workDirectory(),
                    tree,
                    playbook,
                    spec.properties().get("inventory"),
                    map(spec, "extraVars")));
    // guarded also around the close: a run folder that cannot be deleted is a one-line failure
    return guarded(() -> finish(dir, runner, options, context, mode, playbook));
  }

  private static AnsibleRunner.RunResult finish(
      PrivateDataDir dir,
      AnsibleRunner runner,
      AnsibleRunner.RunOptions options,
      ProviderContext context,
      String mode,
      String playbook) {
    boolean check = options.check();
    try (dir) {
      AnsibleRunner.RunResult result =
          guarded(() -> runner.run(dir, options, progress(context, mode)));
      String projectDir = dir.root().resolve("project").toString();
      String folder =
          playbook.contains("/") ? playbook.substring(0, playbook.lastIndexOf('/')) : ".";
      // A task that fails only in check mode (it reads a result check mode skipped) says nothing
      // about the real run, so observe reports it as a change and apply still runs for real.
      if (check && !result.failed().isEmpty() && result.unreachable().isEmpty()) {
        return withFailuresIn(result, projectDir, folder);
      }
      failure(result, check)
          .ifPresent(
              failure -> {
                String message = failure.getMessage().replace(projectDir, folder);
                throw new ProviderException(failure.kind(), message, failure.getCause());
              });
      return result;
    }
  }

  /** The result with the run's temporary project folder in failure messages named as in Git. */
  private static AnsibleRunner.RunResult withFailuresIn(
      AnsibleRunner.RunResult result, String projectDir, String folder) {
    List<AnsibleRunner.TaskEvent> failed =
        result.failed().stream()
            .map(
                e ->
                    new AnsibleRunner.TaskEvent(
                        e.host(),
                        e.task(),
                        e.action(),
                        e.message() == null ? null : e.message().replace(projectDir, folder),
                        e.diff()))
            .toList();
    return new AnsibleRunner.RunResult(
        result.returnCode(),
        result.status(),
        result.hosts(),
        result.changed(),
        failed,
        result.unreachable(),
        result.stats(),
        result.error());
  }

  /**
   * The run's failure as one line: the first failed task with its host and message (not retried:
   * the playbook or its inputs must change), an unreachable host (retried), or Ansible's own error.
   */
  static java.util.Optional<ProviderException> failure(
      AnsibleRunner.RunResult result, boolean check) {
    String prefix = check ? "check run: " : "";
    if (!result.failed().isEmpty()) {
      AnsibleRunner.TaskEvent first = result.failed().get(0);
      String more =
          result.failed().size() > 1 ? " (and " + (result.failed().size() - 1) + " more)" : "";
      return java.util.Optional.of(
          ProviderException.invalid(
              prefix
                  + "task \""
                  + first.task()
                  + "\" failed on "
                  + first.host()
                  + ": "
                  + (first.message() == null ? "no message" : first.message())
                  + more));
    }
    if (!result.unreachable().isEmpty()) {
      AnsibleRunner.TaskEvent first = result.unreachable().get(0);
      return java.util.Optional.of(
          ProviderException.transientFailure(
              prefix
                  + "host "
                  + first.host()
                  + " is unreachable: "
                  + (first.message() == null ? "no message" : first.message())));
    }
    if (!result.successful()) {
      return java.util.Optional.of(
          ProviderException.invalid(
              prefix
                  + "ansible-playbook failed (rc "
                  + result.returnCode()
                  + ", "
                  + result.status()
                  + ")"
                  + (result.error() == null ? "" : ": " + result.error())));
    }
    return java.util.Optional.empty();
  }

  /** Reports task results done, and the task under way, as the step's progress. */
  static Consumer<JsonNode> progress(ProviderContext context, String mode) {
    AtomicInteger done = new AtomicInteger();
    return event -> {
      JsonNode data = event.path("event_data");
      String detail =
          switch (event.path("event").asText()) {
            case "playbook_on_task_start" ->
                done.get() + " task results, running \"" + data.path("task").asText() + "\"";
            case "runner_on_ok", "runner_on_failed", "runner_on_skipped", "runner_on_unreachable" ->
                done.incrementAndGet()
                    + " task results, last \""
                    + data.path("task").asText()
                    + "\" on "
                    + data.path("host").asText();
            default -> null;
          };
      if (detail != null) {
        context.progress(mode + ": " + detail);
      }
    };
  }

  // ---- drift ---------------------------------------------------------------------------------

  /** One change per task result that (would have) changed: {@code HOST["TASK"]}, before, after. */
  static Map<String, Object> changes(List<AnsibleRunner.TaskEvent> changed) {
    Map<String, Object> changes = new LinkedHashMap<>();
    for (AnsibleRunner.TaskEvent event : changed) {
      Map<String, Object> change = new LinkedHashMap<>();
      if (event.diff().isEmpty()) {
        change.put("before", null);
        change.put("after", "changes (the module reports no diff)");
      } else {
        change.put("before", summary(event.diff(), "before"));
        change.put("after", summary(event.diff(), "after"));
      }
      changes.put(uniquePath(event, changes), change);
    }
    return changes;
  }

  /**
   * One change per task that failed in the check run: check mode could not predict what the real
   * run does there or after it, so the playbook is planned as an update rather than failing.
   */
  static void addUnpredictable(List<AnsibleRunner.TaskEvent> failed, Map<String, Object> changes) {
    for (AnsibleRunner.TaskEvent event : failed) {
      Map<String, Object> change = new LinkedHashMap<>();
      change.put("before", null);
      change.put(
          "after",
          "unknown: the check run failed here ("
              + (event.message() == null ? "no message" : firstLine(event.message()))
              + "), only a real run can tell");
      changes.put(uniquePath(event, changes), change);
    }
  }

  /** Ansible's messages run over lines (the offending line, hints): the first says what failed. */
  private static String firstLine(String message) {
    String line = message.strip().lines().findFirst().orElse("");
    return line.length() <= 2 * SUMMARY_LENGTH
        ? line
        : line.substring(0, 2 * SUMMARY_LENGTH - 1) + "…";
  }

  /** {@code HOST["TASK"]}, with {@code [2]}, {@code [3]}... when the task ran more than once. */
  private static String uniquePath(AnsibleRunner.TaskEvent event, Map<String, Object> taken) {
    String path = Change.keyPath(Change.keyPath("", event.host()), event.task());
    String unique = path;
    for (int n = 2; taken.containsKey(unique); n++) {
      unique = path + "[" + n + "]";
    }
    return unique;
  }

  /** The {@code before} or {@code after} side of a task's diffs, short and on one line. */
  static String summary(List<Map<String, Object>> diffs, String side) {
    List<String> parts = new ArrayList<>();
    for (Map<String, Object> diff : diffs) {
      Object value = diff.get(side);
      if (value == null) {
        continue;
      }
      String text;
      if (value instanceof String s) {
        text = s;
      } else {
        try {
          text = JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
          text = String.valueOf(value);
        }
      }
      parts.add(text.strip().replaceAll("\\s*\\R\\s*", " ⏎ "));
    }
    String joined = String.join(" | ", parts);
    return joined.length() <= SUMMARY_LENGTH
        ? joined
        : joined.substring(0, SUMMARY_LENGTH - 1) + "…";
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static void writeMarker(ResourceSpec spec, ProviderContext context) {
    Path marker = context.workDirectory().resolve(APPLIED_MARKER);
    try {
      Files.createDirectories(marker.getParent());
      Map<String, Object> content = new LinkedHashMap<>();
      content.put("environment", context.environment());
      content.put("resource", spec.name().value());
      content.put("playbook", playbook(spec));
      content.put("revision", context.revision());
      Files.write(marker, JSON.writeValueAsBytes(content));
    } catch (IOException e) {
      throw ProviderException.transientFailure("cannot write " + marker + ": " + e, e);
    }
  }

  /** Turns the runner's own failures into one-line provider failures. */
  private static <T> T guarded(java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (AnsibleRunner.AnsibleMissingException missing) {
      throw ProviderException.invalid(missing.getMessage(), missing);
    } catch (AnsibleRunner.AnsibleInterruptedException | AnsibleRunner.AnsibleTimeoutException e) {
      throw ProviderException.transientFailure(e.getMessage(), e);
    } catch (IllegalArgumentException badInput) {
      throw ProviderException.invalid(badInput.getMessage(), badInput);
    } catch (UncheckedIOException io) {
      throw ProviderException.transientFailure(
          "private data directory: " + io.getCause().getMessage(), io);
    }
  }

  private static AnsibleRunner runner(ProviderContext context) {
    return new AnsibleRunner(binary(context));
  }

  private static String binary(ProviderContext context) {
    Object value = context.providerSettings().settings().get("binary");
    return value == null || String.valueOf(value).isBlank()
        ? "ansible-runner"
        : String.valueOf(value);
  }

  private static String playbook(ResourceSpec spec) {
    Object value = spec.properties().get("playbook");
    if (!(value instanceof String path) || path.isBlank()) {
      throw ProviderException.invalid(spec.name() + ": playbook must be the playbook file");
    }
    return path;
  }

  private static List<String> tags(ResourceSpec spec) {
    if (spec.properties().get("tags") instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return List.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(ResourceSpec spec, String property) {
    Object value = spec.properties().get(property);
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
