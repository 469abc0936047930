package dev.setpoint.provider.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.setpoint.orchestrator.model.DeletionPolicy;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.Change;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ProviderException;
import dev.setpoint.orchestrator.provider.ResourceHandler;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code terraform:Module}: a root module from the repository, run in its own working directory
 * under {@code SETPOINT_HOME}. Observe plans (refreshing, so drift shows), diff reads that plan,
 * apply applies the very plan observe saved when nothing changed since, and delete destroys.
 */
public final class TerraformModuleHandler implements ResourceHandler {

  public static final String TYPE = "terraform:Module";

  /** What a sensitive or not-yet-known attribute shows in a change. */
  static final String KNOWN_AFTER_APPLY = "(known after apply)";

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Observation observe(ResourceSpec spec, ProviderContext context) {
    ModuleWorkspace workspace = new ModuleWorkspace(context.workDirectory());
    return guarded(
        spec.name().value(),
        () ->
            workspace.locked(
                () -> {
                  TerraformCli cli = cli(context, workspace);
                  String fingerprint = prepare(spec, context, workspace, cli);
                  TerraformCli.PlanResult planned = plan(spec, context, workspace, cli);
                  workspace.recordPlan(fingerprint);
                  TerraformCli.PlanJson plan =
                      cli.show(
                          workspace.moduleDir(),
                          TerraformCli.ShowOptions.defaults(planned.planFile()));
                  // an applied module with only outputs or locals has no resources but exists
                  if (!plan.hasPriorResources() && !workspace.applied()) {
                    return Observation.absent();
                  }
                  Map<String, Object> state = new LinkedHashMap<>();
                  state.put("changes", changes(plan, planned.changes()));
                  // SPEC: drift is either plan showing changes; the refresh-only plan also names
                  // changes outside to attributes the module does not manage (ignore_changes)
                  state.put("drift", drift(context, workspace, cli));
                  return Observation.managed(
                      workspace.root().toString(), state, outputs(cli, workspace));
                }));
  }

  @Override
  public Plan diff(ResourceSpec spec, Observation observation) {
    if (!observation.exists()) {
      return Plan.create();
    }
    Object recorded = observation.state().get("changes");
    List<Change> changes = new ArrayList<>();
    if (recorded instanceof Map<?, ?> byAddress) {
      byAddress.forEach(
          (address, change) -> {
            Map<?, ?> c = (Map<?, ?>) change;
            changes.add(new Change(String.valueOf(address), c.get("before"), c.get("after")));
          });
    }
    Object drift = observation.state().get("drift");
    Map<?, ?> drifted = drift instanceof Map<?, ?> d ? d : Map.of();
    if (changes.isEmpty()) {
      if (drifted.isEmpty()) {
        return Plan.none();
      }
      // changed outside, in attributes the configuration leaves alone: applying writes the
      // refreshed state, so the next refresh-only plan is clean
      drifted.forEach(
          (address, paths) ->
              changes.add(new Change(String.valueOf(address), paths, UNMANAGED_DRIFT)));
    }
    return new Plan(Plan.Action.UPDATE, changes, drifted.isEmpty() ? null : driftReason(drifted));
  }

  @Override
  public Outputs apply(ResourceSpec spec, Plan plan, ProviderContext context) {
    ModuleWorkspace workspace = new ModuleWorkspace(context.workDirectory());
    return guarded(
        spec.name().value(),
        () ->
            workspace.locked(
                () -> {
                  TerraformCli cli = cli(context, workspace);
                  workspace.writeMarker(marker(spec, context));
                  String fingerprint = prepare(spec, context, workspace, cli);
                  boolean saved = workspace.savedPlanFor().map(fingerprint::equals).orElse(false);
                  if (saved) {
                    try {
                      applyPlan(context, workspace, cli);
                      workspace.forgetPlan();
                      return outputs(cli, workspace);
                    } catch (TerraformException stale) {
                      if (!stale.stalePlan()) {
                        throw stale;
                      }
                      context.progress("the saved plan is stale: planning again");
                    }
                  }
                  plan(spec, context, workspace, cli);
                  applyPlan(context, workspace, cli);
                  workspace.forgetPlan();
                  return outputs(cli, workspace);
                }));
  }

  @Override
  public void delete(ManagedResource resource, ProviderContext context) {
    ModuleWorkspace workspace = new ModuleWorkspace(context.workDirectory());
    guarded(
        resource.name(),
        () ->
            workspace.locked(
                () -> {
                  if (!workspace.exists()) {
                    workspace.remove();
                    return null;
                  }
                  ModuleWorkspace.Marker marker =
                      ModuleWorkspace.readMarker(workspace.root()).orElse(null);
                  TerraformCli cli = cli(context, workspace);
                  TerraformCli.VersionInfo version =
                      cli.version(TerraformCli.VersionOptions.defaults());
                  cli.init(
                      workspace.moduleDir(),
                      new TerraformCli.InitOptions(
                          marker == null ? Map.of() : marker.backendConfig(),
                          TerraformCli.DEFAULT_LOCK_TIMEOUT,
                          false,
                          version.initTakesJson()));
                  if (marker != null && marker.workspace() != null) {
                    cli.selectWorkspace(
                        workspace.moduleDir(),
                        TerraformCli.WorkspaceSelectOptions.defaults(marker.workspace()));
                  }
                  context.progress("terraform destroy");
                  cli.destroy(
                      workspace.moduleDir(),
                      new TerraformCli.DestroyOptions(
                          TerraformCli.DEFAULT_LOCK_TIMEOUT, parallelism(context)),
                      progress(context, "destroy", -1));
                  workspace.remove();
                  return null;
                }));
  }

  // ---- steps ---------------------------------------------------------------------------------

  private static TerraformCli cli(ProviderContext context, ModuleWorkspace workspace) {
    Map<String, Object> settings = context.providerSettings().settings();
    return new TerraformCli(
        stringSetting(settings, "binary"),
        workspace.cliConfig(),
        stringSetting(settings, "pluginDir"));
  }

  private static String prepare(
      ResourceSpec spec, ProviderContext context, ModuleWorkspace workspace, TerraformCli cli) {
    if (context.sourceTree() == null) {
      throw ProviderException.invalid(
          spec.name() + ": the module's files are needed but the step has no source tree");
    }
    TerraformCli.VersionInfo version = cli.version(TerraformCli.VersionOptions.defaults());
    Object source = spec.properties().get("source");
    if (!(source instanceof String folder)) {
      throw ProviderException.invalid(spec.name() + ": source must be the module's folder");
    }
    if (context.sourceTree().kind(folder)
        != dev.setpoint.orchestrator.git.SourceTree.Kind.DIRECTORY) {
      throw ProviderException.invalid(
          spec.name()
              + ": source "
              + folder
              + " is not a folder in "
              + context.sourceTree().describe());
    }
    String fingerprint = workspace.prepare(context.sourceTree(), folder, map(spec, "variables"));
    Map<String, String> backend = new TreeMap<>();
    map(spec, "backendConfig").forEach((k, v) -> backend.put(k, String.valueOf(v)));
    context.progress("terraform init");
    cli.init(
        workspace.moduleDir(),
        new TerraformCli.InitOptions(
            backend, TerraformCli.DEFAULT_LOCK_TIMEOUT, false, version.initTakesJson()));
    Object name = spec.properties().get("workspace");
    if (name instanceof String ws && !ws.isBlank()) {
      cli.selectWorkspace(workspace.moduleDir(), TerraformCli.WorkspaceSelectOptions.defaults(ws));
    }
    return fingerprint;
  }

  private static TerraformCli.PlanResult plan(
      ResourceSpec spec, ProviderContext context, ModuleWorkspace workspace, TerraformCli cli) {
    context.progress("terraform plan");
    workspace.forgetPlan();
    return cli.plan(
        workspace.moduleDir(),
        new TerraformCli.PlanOptions(
            workspace.planFile(),
            false,
            false,
            TerraformCli.DEFAULT_LOCK_TIMEOUT,
            parallelism(context)));
  }

  private static void applyPlan(
      ProviderContext context, ModuleWorkspace workspace, TerraformCli cli) {
    TerraformCli.PlanJson plan =
        cli.show(workspace.moduleDir(), TerraformCli.ShowOptions.defaults(workspace.planFile()));
    int total =
        (int) plan.resourceChanges().stream().filter(TerraformCli.ResourceChange::changes).count();
    context.progress("terraform apply: 0/" + total + " resources");
    cli.apply(
        workspace.moduleDir(),
        new TerraformCli.ApplyOptions(
            workspace.planFile(), TerraformCli.DEFAULT_LOCK_TIMEOUT, parallelism(context)),
        progress(context, "apply", total));
    workspace.recordApplied();
  }

  /** Counts {@code apply_complete} messages and reports resources done / total. */
  static java.util.function.Consumer<JsonNode> progress(
      ProviderContext context, String command, int total) {
    AtomicInteger done = new AtomicInteger();
    String counted = total >= 0 ? "/" + total : "";
    return message -> {
      String type = message.path("type").asText();
      String address = message.path("hook").path("resource").path("addr").asText();
      String detail =
          switch (type) {
            case "apply_complete" ->
                done.incrementAndGet() + counted + " resources, last " + address;
            case "apply_start" -> done.get() + counted + " resources, " + address + " started";
            case "apply_progress" ->
                done.get()
                    + counted
                    + " resources, "
                    + address
                    + " for "
                    + message.path("hook").path("elapsed_seconds").asText()
                    + " s";
            default -> null;
          };
      if (detail != null) {
        context.progress("terraform " + command + ": " + detail);
      }
    };
  }

  private static Outputs outputs(TerraformCli cli, ModuleWorkspace workspace) {
    Map<String, Object> values = new LinkedHashMap<>();
    Set<String> sensitive = new LinkedHashSet<>();
    cli.output(workspace.moduleDir(), TerraformCli.OutputOptions.defaults())
        .forEach(
            (name, output) -> {
              values.put(name, output.value());
              if (output.sensitive()) {
                sensitive.add(name);
              }
            });
    return Outputs.withSensitive(values, sensitive);
  }

  private static ModuleWorkspace.Marker marker(ResourceSpec spec, ProviderContext context) {
    Map<String, String> backend = new TreeMap<>();
    map(spec, "backendConfig").forEach((k, v) -> backend.put(k, String.valueOf(v)));
    Object ws = spec.properties().get("workspace");
    return new ModuleWorkspace.Marker(
        context.environment(),
        spec.name().value(),
        spec.dependsOn().stream().map(ResourceName::value).toList(),
        spec.deletionPolicy() == DeletionPolicy.RETAIN ? "retain" : "delete",
        String.valueOf(spec.properties().get("source")),
        ws instanceof String s && !s.isBlank() ? s : null,
        backend);
  }

  // ---- plan → changes ------------------------------------------------------------------------

  /** One entry per resource address (and root output) the plan changes. */
  static Map<String, Object> changes(TerraformCli.PlanJson plan, boolean planChanges) {
    Map<String, Object> changes = new LinkedHashMap<>();
    if (!planChanges) {
      return changes;
    }
    for (TerraformCli.ResourceChange rc : plan.resourceChanges()) {
      if (!rc.changes()) {
        continue;
      }
      Map<String, Object> change = new LinkedHashMap<>();
      List<String> actions = rc.actions();
      boolean creates = actions.equals(List.of("create"));
      boolean deletes = actions.equals(List.of("delete"));
      Map<String, Object> before = new TreeMap<>();
      Map<String, Object> after = new TreeMap<>();
      Set<String> keys = new java.util.TreeSet<>();
      rc.before().fieldNames().forEachRemaining(keys::add);
      rc.after().fieldNames().forEachRemaining(keys::add);
      rc.afterUnknown().fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        JsonNode b = rc.before().path(key);
        JsonNode a = rc.after().path(key);
        boolean unknown = rc.afterUnknown().path(key).asBoolean(false);
        if (!unknown && b.equals(a)) {
          continue;
        }
        if (!creates) {
          before.put(key, shown(b, rc.beforeSensitive().path(key)));
        }
        if (!deletes) {
          after.put(key, unknown ? KNOWN_AFTER_APPLY : shown(a, rc.afterSensitive().path(key)));
        }
      }
      String verb = String.join(", then ", actions);
      change.put("before", creates ? null : before.isEmpty() ? verb : before);
      change.put("after", deletes ? null : after.isEmpty() ? verb : withAction(after, actions));
      changes.put(rc.address(), change);
    }
    plan.outputChanges()
        .forEach(
            (name, output) -> {
              if (!output.actions().equals(List.of("no-op"))) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("before", null);
                change.put("after", String.join(", then ", output.actions()));
                changes.put(Change.keyPath("output", name), change);
              }
            });
    return changes;
  }

  private static Object withAction(Map<String, Object> after, List<String> actions) {
    if (actions.equals(List.of("update"))) {
      return after;
    }
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("(action)", String.join(", then ", actions));
    shown.putAll(after);
    return shown;
  }

  /** A plan value as a report may show it: sensitive values redacted, plain Java data. */
  private static Object shown(JsonNode value, JsonNode sensitive) {
    if (sensitive.isBoolean() && sensitive.asBoolean()) {
      return Outputs.REDACTED;
    }
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (sensitive.isObject() || sensitive.isArray()) {
      // nested sensitivity: redact the whole value rather than risk a secret in a report
      if (sensitive.size() > 0 && containsTrue(sensitive)) {
        return Outputs.REDACTED;
      }
    }
    return JSON.convertValue(value, Object.class);
  }

  private static boolean containsTrue(JsonNode node) {
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    Iterator<JsonNode> children = node.elements();
    while (children.hasNext()) {
      if (containsTrue(children.next())) {
        return true;
      }
    }
    return false;
  }

  // ---- drift ---------------------------------------------------------------------------------

  /** The desired side of a drift the normal plan leaves alone: applying records it in state. */
  static final String UNMANAGED_DRIFT = "(not managed by the module: kept, recorded in the state)";

  /** What a resource deleted outside Terraform shows instead of attributes. */
  static final String DELETED = "deleted";

  /**
   * A refresh-only plan (never applied): every {@code resource_drift} entry, by address, with the
   * attribute paths that changed outside Terraform. A normal plan lists only the drift that its
   * changes depend on, so the refresh-only plan is what names all of it.
   */
  private static Map<String, Object> drift(
      ProviderContext context, ModuleWorkspace workspace, TerraformCli cli) {
    context.progress("terraform plan -refresh-only");
    try {
      TerraformCli.PlanResult refreshed =
          cli.plan(
              workspace.moduleDir(),
              new TerraformCli.PlanOptions(
                  workspace.refreshPlanFile(),
                  true,
                  false,
                  TerraformCli.DEFAULT_LOCK_TIMEOUT,
                  parallelism(context)));
      return driftByAddress(
          cli.show(workspace.moduleDir(), TerraformCli.ShowOptions.defaults(refreshed.planFile())));
    } finally {
      workspace.forgetRefreshPlan();
    }
  }

  /** Each drifted address with the attribute paths (never values) that changed outside. */
  static Map<String, Object> driftByAddress(TerraformCli.PlanJson refreshOnly) {
    Map<String, Object> drift = new LinkedHashMap<>();
    for (TerraformCli.ResourceChange rc : refreshOnly.resourceDrift()) {
      if (!rc.changes()) {
        continue;
      }
      List<String> paths = new ArrayList<>();
      if (rc.actions().contains("delete") && absent(rc.after())) {
        paths.add(DELETED);
      } else {
        changedPaths("", rc.before(), rc.after(), paths);
      }
      drift.put(rc.address(), List.copyOf(paths));
    }
    return drift;
  }

  private static void changedPaths(
      String path, JsonNode before, JsonNode after, List<String> paths) {
    if (before.equals(after) || (absent(before) && absent(after))) {
      return;
    }
    if (before.isObject() && after.isObject()) {
      Set<String> keys = new java.util.TreeSet<>();
      before.fieldNames().forEachRemaining(keys::add);
      after.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        changedPaths(Change.keyPath(path, key), before.path(key), after.path(key), paths);
      }
      return;
    }
    paths.add(path.isEmpty() ? "value" : path);
  }

  private static boolean absent(JsonNode value) {
    return value.isMissingNode() || value.isNull();
  }

  /** {@code changed outside Terraform: aws_vpc.this (tags.team, tags_all.team), ...}. */
  private static String driftReason(Map<?, ?> drift) {
    List<String> entries = new ArrayList<>();
    drift.forEach(
        (address, paths) ->
            entries.add(
                paths instanceof List<?> list && !list.isEmpty()
                    ? address
                        + " ("
                        + String.join(", ", list.stream().map(String::valueOf).toList())
                        + ")"
                    : String.valueOf(address)));
    return "changed outside Terraform: " + String.join(", ", entries);
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Runs a step, turning Terraform's failures into one-line provider failures. */
  static <T> T guarded(String resource, Supplier<T> step) {
    try {
      return step.get();
    } catch (TerraformException failure) {
      String message = resource + ": " + failure.getMessage();
      if (failure.lockHeld()) {
        throw ProviderException.conflict(message, failure);
      }
      if (failure.stalePlan()) {
        throw ProviderException.transientFailure(message, failure);
      }
      throw ProviderException.invalid(message, failure);
    } catch (TerraformCli.TerraformMissingException missing) {
      throw ProviderException.invalid(missing.getMessage(), missing);
    } catch (TerraformCli.TerraformInterruptedException interrupted) {
      throw ProviderException.transientFailure(
          resource + ": " + interrupted.getMessage(), interrupted);
    } catch (UncheckedIOException io) {
      throw ProviderException.transientFailure(
          resource + ": working directory: " + io.getCause().getMessage(), io);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(ResourceSpec spec, String property) {
    Object value = spec.properties().get(property);
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static String stringSetting(Map<String, Object> settings, String name) {
    Object value = settings.get(name);
    return value == null ? null : String.valueOf(value);
  }

  private static Integer parallelism(ProviderContext context) {
    Object value = context.providerSettings().settings().get("parallelism");
    return value instanceof Number n ? n.intValue() : null;
  }
}
