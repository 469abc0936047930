package dev.setpoint.provider.k8s;

import dev.setpoint.orchestrator.model.DeletionPolicy;
import dev.setpoint.orchestrator.model.Durations;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.Change;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ProviderException;
import dev.setpoint.orchestrator.provider.Readiness;
import dev.setpoint.orchestrator.provider.ResourceHandler;
import dev.setpoint.provider.k8s.KubernetesConnections.Connection;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code kubernetes:Manifests}: a set of objects applied with server-side apply (field manager
 * {@code setpoint}, conflicts forced), Namespaces and CRDs first, recorded in an {@link Inventory}
 * so that objects which leave Git are pruned; drift is any field a manifest sets that differs live
 * ({@link LiveDiff}), or a missing object; {@code wait} waits for workloads to roll out ({@link
 * Health}).
 */
public final class ManifestsHandler implements ResourceHandler {

  public static final String TYPE = "kubernetes:Manifests";

  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  /**
   * Objects of one type and namespace are listed at once from this many on, else read one by one.
   */
  static final int LIST_THRESHOLD = 3;

  private static final String PRUNED = "(pruned)";
  private static final String CREATED = "(created)";

  private final KubernetesConnections connections;
  private final Duration pollInterval;

  ManifestsHandler(KubernetesConnections connections, Duration pollInterval) {
    this.connections = connections;
    this.pollInterval = pollInterval;
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** One object of the resource as it will be applied, and where it lives in the API. */
  record Desired(ObjectRef ref, ResourceDefinitionContext api, Map<String, Object> object) {}

  @Override
  public Observation observe(ResourceSpec spec, ProviderContext context) {
    Connection connection = connections.connect(context.providerSettings());
    String resource = spec.name().value();
    return guarded(
        resource,
        "observe",
        () -> {
          List<Desired> desired = desired(spec, context, connection);
          var inventory =
              Inventory.read(
                  connection.client(), Inventory.configMapName(context.environment(), resource));
          Set<ObjectRef> inventoried = inventory.map(e -> Set.copyOf(e.objects())).orElse(Set.of());
          Map<ObjectRef, Map<String, Object>> live = live(connection, desired);
          Map<String, Object> objects = new LinkedHashMap<>();
          String unmanaged = null;
          boolean anyExists = false;
          for (Desired object : desired) {
            Map<String, Object> found = live.get(object.ref());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("exists", found != null);
            if (found != null) {
              anyExists = true;
              Map<?, ?> labels = labelsOf(found);
              Marks.Owner owner = Marks.ownerOf(labels, context.environment(), resource);
              if (owner == Marks.Owner.ANOTHER) {
                return Observation.managedElsewhere(
                    object.ref().id()
                        + " (labelled for "
                        + labels.get(Marks.ENVIRONMENT)
                        + "/"
                        + labels.get(Marks.RESOURCE)
                        + ")");
              }
              if (owner == Marks.Owner.NONE
                  && !inventoried.contains(object.ref())
                  && unmanaged == null) {
                unmanaged = object.ref().id();
              }
              entry.put("changes", changeMaps(LiveDiff.changes(object.object(), found)));
            }
            objects.put(object.ref().id(), entry);
          }
          if (inventory.isEmpty() && !anyExists) {
            return Observation.absent();
          }
          Set<ObjectRef> wanted = new LinkedHashSet<>();
          desired.forEach(d -> wanted.add(d.ref()));
          List<String> stale = new ArrayList<>();
          inventory.ifPresent(
              e ->
                  e.objects().stream()
                      .filter(r -> !wanted.contains(r))
                      .forEach(r -> stale.add(r.id())));
          Map<String, Object> state = new LinkedHashMap<>();
          state.put("objects", objects);
          state.put("prune", stale);
          state.put("retain", spec.deletionPolicy() == DeletionPolicy.RETAIN);
          state.put("pruneOff", !context.prune());
          Outputs outputs = outputs(desired);
          if (unmanaged != null) {
            return Observation.unmanaged(unmanaged, state, outputs);
          }
          return Observation.managed(
              Inventory.configMapName(context.environment(), resource), state, outputs);
        });
  }

  @Override
  public Plan diff(ResourceSpec spec, Observation observation) {
    if (!observation.exists()) {
      return Plan.create();
    }
    List<Change> changes = new ArrayList<>();
    if (observation.state().get("objects") instanceof Map<?, ?> objects) {
      objects.forEach(
          (id, value) -> {
            Map<?, ?> entry = (Map<?, ?>) value;
            if (!Boolean.TRUE.equals(entry.get("exists"))) {
              changes.add(new Change(String.valueOf(id), null, CREATED));
            } else if (entry.get("changes") instanceof List<?> fields) {
              for (Object field : fields) {
                Map<?, ?> change = (Map<?, ?>) field;
                changes.add(
                    new Change(
                        id + " " + change.get("path"), change.get("before"), change.get("after")));
              }
            }
          });
    }
    boolean retain = Boolean.TRUE.equals(observation.state().get("retain"));
    boolean pruneOff = Boolean.TRUE.equals(observation.state().get("pruneOff"));
    if (observation.state().get("prune") instanceof List<?> stale) {
      String after =
          retain ? "(left in place: retain)" : pruneOff ? "(left in place: prune off)" : PRUNED;
      for (Object id : stale) {
        changes.add(new Change(String.valueOf(id), "present", after));
      }
    }
    if (observation.ownership() == Observation.Ownership.UNMANAGED) {
      return Plan.adopt(changes);
    }
    return changes.isEmpty() ? Plan.none() : Plan.update(changes);
  }

  @Override
  public Outputs apply(ResourceSpec spec, Plan plan, ProviderContext context) {
    Connection connection = connections.connect(context.providerSettings());
    String resource = spec.name().value();
    return guarded(
        resource,
        "apply",
        () -> {
          List<Desired> desired = desired(spec, context, connection);
          String inventoryName = Inventory.configMapName(context.environment(), resource);
          List<ObjectRef> previous =
              Inventory.read(connection.client(), inventoryName)
                  .map(Inventory.Entry::objects)
                  .orElse(List.of());
          List<ObjectRef> current = desired.stream().map(Desired::ref).toList();
          List<String> dependsOn = spec.dependsOn().stream().map(ResourceName::value).toList();
          boolean retain = spec.deletionPolicy() == DeletionPolicy.RETAIN;
          List<ObjectRef> recorded = Inventory.union(previous, current);
          if (!recorded.equals(previous) || previous.isEmpty()) {
            // Recorded before anything is made, so a crash half-way leaves nothing untracked.
            Inventory.write(
                connection.client(),
                new Inventory.Entry(context.environment(), resource, recorded, dependsOn, retain));
          }
          Set<String> touched = touchedObjects(plan);
          Duration timeout = timeout(spec);
          List<Desired> ordered = new ArrayList<>(desired);
          ordered.sort(Comparator.comparingInt(d -> d.ref().applyPhase()));
          int done = 0;
          for (Desired object : ordered) {
            if (touched == null || touched.contains(object.ref().id())) {
              serverSideApply(connection, object);
              if (object.ref().applyPhase() == 1) {
                awaitEstablished(connection, object, timeout, context, resource);
              }
            }
            done++;
            if (done % 100 == 0) {
              context.progress("applied " + done + " of " + ordered.size() + " objects");
            }
          }
          List<ObjectRef> kept = new ArrayList<>(current);
          List<String> failures = new ArrayList<>();
          List<ObjectRef> stale = new ArrayList<>(previous);
          stale.removeAll(Set.copyOf(current));
          // With retain or policy.prune false, objects that left Git stay live and leave the
          // inventory: they are no longer Setpoint's.
          if (!retain && context.prune()) {
            for (ObjectRef ref : deletionOrder(stale)) {
              context.progress("prune " + ref.id());
              try {
                deleteObject(connection, ref, context);
              } catch (KubernetesClientException | ProviderException failure) {
                kept.add(ref);
                failures.add(ref.id() + ": " + failure.getMessage());
              }
            }
          }
          if (!kept.equals(recorded)) {
            Inventory.write(
                connection.client(),
                new Inventory.Entry(context.environment(), resource, kept, dependsOn, retain));
          }
          if (!failures.isEmpty()) {
            throw ProviderException.transientFailure(
                resource
                    + ": could not prune "
                    + String.join("; ", failures)
                    + " (kept in the inventory and retried on the next run)");
          }
          if (waits(spec)) {
            awaitHealthy(connection, desired, timeout, context, resource);
          }
          return outputs(desired);
        });
  }

  @Override
  public void delete(ManagedResource managed, ProviderContext context) {
    Connection connection = connections.connect(context.providerSettings());
    guarded(
        managed.name(),
        "delete",
        () -> {
          var inventory = Inventory.read(connection.client(), managed.id());
          if (inventory.isEmpty()) {
            return null;
          }
          Inventory.Entry entry = inventory.get();
          List<ObjectRef> remaining = new ArrayList<>();
          List<String> failures = new ArrayList<>();
          for (ObjectRef ref : deletionOrder(entry.objects())) {
            context.progress("delete " + ref.id());
            try {
              deleteObject(connection, ref, context);
            } catch (KubernetesClientException | ProviderException failure) {
              remaining.add(ref);
              failures.add(ref.id() + ": " + failure.getMessage());
            }
          }
          if (!failures.isEmpty()) {
            Inventory.write(
                connection.client(),
                new Inventory.Entry(
                    entry.environment(),
                    entry.resource(),
                    remaining,
                    entry.dependsOn(),
                    entry.retain()));
            throw ProviderException.transientFailure(
                managed.name()
                    + ": could not delete "
                    + String.join("; ", failures)
                    + " (kept in the inventory and retried)");
          }
          Inventory.remove(connection.client(), managed.id());
          return null;
        });
  }

  @Override
  public Readiness ready(ResourceSpec spec, ProviderContext context) {
    if (!waits(spec)) {
      return Readiness.READY;
    }
    Connection connection = connections.connect(context.providerSettings());
    return guarded(
        spec.name().value(),
        "check readiness",
        () -> {
          for (Desired object : desired(spec, context, connection)) {
            if (Health.watched(object.ref())) {
              Health.Status status = Health.of(object.ref(), get(connection, object));
              if (!status.ready()) {
                return Readiness.notReady(object.ref().id() + ": " + status.message());
              }
            }
          }
          return Readiness.READY;
        });
  }

  /** Every resource this provider's inventories record for {@code environment}. */
  List<ManagedResource> listManaged(String environment, ProviderContext context) {
    Connection connection = connections.connect(context.providerSettings());
    return guarded(
        "kubernetes",
        "list inventories",
        () ->
            Inventory.list(connection.client(), environment).stream()
                .map(Inventory.Entry::managed)
                .toList());
  }

  // ---- desired state -------------------------------------------------------------------------

  private List<Desired> desired(ResourceSpec spec, ProviderContext context, Connection connection) {
    List<Map<String, Object>> manifests = ManifestReader.read(spec, context);
    List<Map<String, Object>> crds =
        manifests.stream().filter(m -> "CustomResourceDefinition".equals(m.get("kind"))).toList();
    Object namespaceProperty = spec.properties().get("namespace");
    String namespace =
        namespaceProperty instanceof String text && !text.isBlank()
            ? text
            : connection.defaultNamespace();
    Map<String, String> marks = Marks.labels(context.environment(), spec.name().value());
    List<Desired> desired = new ArrayList<>();
    Set<ObjectRef> seen = new LinkedHashSet<>();
    // One lookup per type, not per object: 1,000 ConfigMaps are one type.
    Map<String, ResourceDefinitionContext> apis = new HashMap<>();
    for (Map<String, Object> object : manifests) {
      String apiVersion = (String) object.get("apiVersion");
      String kind = (String) object.get("kind");
      ResourceDefinitionContext api = apis.get(apiVersion + " " + kind);
      if (api == null) {
        api = connection.resources().lookup(apiVersion, kind, crds);
        apis.put(apiVersion + " " + kind, api);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
      if (api.isNamespaceScoped()) {
        metadata.putIfAbsent("namespace", namespace);
      } else {
        metadata.remove("namespace");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> labels =
          metadata.get("labels") instanceof Map<?, ?> given
              ? (Map<String, Object>) given
              : new LinkedHashMap<>();
      labels.putAll(marks);
      metadata.put("labels", labels);
      ObjectRef ref = ObjectRef.of(object);
      if (!seen.add(ref)) {
        throw ProviderException.invalid(
            spec.name() + ": " + ref.id() + " is declared twice in its manifests");
      }
      desired.add(new Desired(ref, api, object));
    }
    return desired;
  }

  private static Outputs outputs(List<Desired> desired) {
    Set<String> namespaces = new TreeSet<>();
    for (Desired object : desired) {
      if (object.ref().namespace() != null) {
        namespaces.add(object.ref().namespace());
      } else if (object.ref().applyPhase() == 0) {
        namespaces.add(object.ref().name());
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("objects", (long) desired.size());
    values.put("namespaces", List.copyOf(namespaces));
    return Outputs.of(values);
  }

  // ---- the API -------------------------------------------------------------------------------

  /**
   * The live objects among the desired ones: types with several objects in a namespace are listed
   * in one request, the others read one by one.
   */
  private Map<ObjectRef, Map<String, Object>> live(Connection connection, List<Desired> desired) {
    Map<String, List<Desired>> groups = new LinkedHashMap<>();
    for (Desired object : desired) {
      String key = apiKey(object.api()) + "|" + Objects.toString(object.ref().namespace(), "");
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(object);
    }
    Map<ObjectRef, Map<String, Object>> live = new HashMap<>();
    for (List<Desired> group : groups.values()) {
      Desired first = group.get(0);
      if (group.size() >= LIST_THRESHOLD) {
        Map<String, Map<String, Object>> byName = new HashMap<>();
        GenericKubernetesResourceList list = listAll(connection, first);
        for (GenericKubernetesResource item : list.getItems()) {
          byName.put(item.getMetadata().getName(), asMap(connection, item));
        }
        group.forEach(d -> live.put(d.ref(), byName.get(d.ref().name())));
      } else {
        group.forEach(d -> live.put(d.ref(), get(connection, d)));
      }
    }
    return live;
  }

  private GenericKubernetesResourceList listAll(Connection connection, Desired object) {
    var operation = connection.client().genericKubernetesResources(object.api());
    return object.ref().namespace() == null
        ? operation.list()
        : operation.inNamespace(object.ref().namespace()).list();
  }

  private Map<String, Object> get(Connection connection, Desired object) {
    GenericKubernetesResource found = resource(connection, object.api(), object.ref()).get();
    return found == null ? null : asMap(connection, found);
  }

  private void serverSideApply(Connection connection, Desired object) {
    GenericKubernetesResource manifest =
        connection
            .client()
            .getKubernetesSerialization()
            .convertValue(object.object(), GenericKubernetesResource.class);
    MixedOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        operation = connection.client().genericKubernetesResources(object.api());
    NonNamespaceOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        scoped =
            object.ref().namespace() == null
                ? operation
                : operation.inNamespace(object.ref().namespace());
    try {
      scoped
          .resource(manifest)
          .fieldManager(Marks.FIELD_MANAGER)
          .forceConflicts()
          .serverSideApply();
    } catch (KubernetesClientException failure) {
      throw KubernetesErrors.classify("apply " + object.ref().id(), failure);
    }
  }

  /**
   * Deletes one object; an object already gone counts as deleted. So does one whose kind the API
   * server says it does not serve, as no object of it can exist (deleting a CRD deletes its
   * objects); when the server could not be asked, the lookup fails and the object is kept.
   */
  private void deleteObject(Connection connection, ObjectRef ref, ProviderContext context) {
    ResourceDefinitionContext api;
    try {
      api = connection.resources().lookup(ref.apiVersion(), ref.kind(), List.of());
    } catch (ProviderException unknownKind) {
      if (unknownKind.kind() != ProviderException.Kind.INVALID) {
        throw unknownKind;
      }
      context.progress(ref.id() + " is gone with its kind: " + unknownKind.getMessage());
      return;
    }
    try {
      resource(connection, api, ref).delete();
    } catch (KubernetesClientException failure) {
      if (failure.getCode() != 404) {
        throw KubernetesErrors.classify("delete " + ref.id(), failure);
      }
    }
  }

  private static Resource<GenericKubernetesResource> resource(
      Connection connection, ResourceDefinitionContext api, ObjectRef ref) {
    var operation = connection.client().genericKubernetesResources(api);
    return ref.namespace() == null
        ? operation.withName(ref.name())
        : operation.inNamespace(ref.namespace()).withName(ref.name());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Connection connection, GenericKubernetesResource item) {
    return connection.client().getKubernetesSerialization().convertValue(item, Map.class);
  }

  private static String apiKey(ResourceDefinitionContext api) {
    return api.getGroup() + "/" + api.getVersion() + "/" + api.getPlural();
  }

  // ---- waiting -------------------------------------------------------------------------------

  private void awaitEstablished(
      Connection connection,
      Desired crd,
      Duration timeout,
      ProviderContext context,
      String resource) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<String, Object> live = get(connection, crd);
      if (established(live)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw ProviderException.invalid(
            resource
                + ": timed out after "
                + Durations.format(timeout)
                + " waiting for "
                + crd.ref().id()
                + ": condition Established is not True (its custom resources were not applied)");
      }
      context.progress("waiting for " + crd.ref().id() + " to be established");
      pause();
    }
  }

  private static boolean established(Map<String, Object> crd) {
    if (crd == null || !(crd.get("status") instanceof Map<?, ?> status)) {
      return false;
    }
    if (status.get("conditions") instanceof List<?> conditions) {
      for (Object item : conditions) {
        if (item instanceof Map<?, ?> condition
            && "Established".equals(condition.get("type"))
            && "True".equals(condition.get("status"))) {
          return true;
        }
      }
    }
    return false;
  }

  private void awaitHealthy(
      Connection connection,
      List<Desired> desired,
      Duration timeout,
      ProviderContext context,
      String resource) {
    List<Desired> watched = desired.stream().filter(d -> Health.watched(d.ref())).toList();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Desired object : watched) {
      while (true) {
        Health.Status status = Health.of(object.ref(), get(connection, object));
        if (status.ready()) {
          break;
        }
        if (status.failed()) {
          throw ProviderException.invalid(
              resource + ": " + object.ref().id() + " failed: " + status.message());
        }
        if (System.nanoTime() > deadline) {
          throw ProviderException.invalid(
              resource
                  + ": timed out after "
                  + Durations.format(timeout)
                  + " waiting for "
                  + object.ref().id()
                  + " to be ready: "
                  + status.message());
        }
        context.progress("waiting for " + object.ref().id() + ": " + status.message());
        pause();
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(pollInterval.toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw ProviderException.transientFailure("interrupted while waiting for readiness");
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * The objects a plan names, or null for all: an update lists its objects in its change paths; a
   * create or an adoption applies everything.
   */
  private static Set<String> touchedObjects(Plan plan) {
    if (plan.action() != Plan.Action.UPDATE || plan.reason() != null) {
      return null;
    }
    Set<String> ids = new LinkedHashSet<>();
    for (Change change : plan.changes()) {
      if (PRUNED.equals(change.after()) || "present".equals(change.before())) {
        continue;
      }
      int space = change.path().indexOf(' ');
      ids.add(space < 0 ? change.path() : change.path().substring(0, space));
    }
    return ids;
  }

  /** Reverse of the apply order: other objects last-declared first, then CRDs, then Namespaces. */
  private static List<ObjectRef> deletionOrder(List<ObjectRef> refs) {
    List<ObjectRef> ordered = new ArrayList<>(refs);
    java.util.Collections.reverse(ordered);
    ordered.sort(Comparator.comparingInt(ObjectRef::applyPhase).reversed());
    return ordered;
  }

  private static boolean waits(ResourceSpec spec) {
    return !Boolean.FALSE.equals(spec.properties().get("wait"));
  }

  private static Duration timeout(ResourceSpec spec) {
    Object value = spec.properties().get("timeout");
    return value instanceof String text
        ? Durations.parse(text).orElse(DEFAULT_TIMEOUT)
        : DEFAULT_TIMEOUT;
  }

  private static Map<?, ?> labelsOf(Map<String, Object> object) {
    return object.get("metadata") instanceof Map<?, ?> metadata
            && metadata.get("labels") instanceof Map<?, ?> labels
        ? labels
        : Map.of();
  }

  private static List<Map<String, Object>> changeMaps(List<Change> changes) {
    List<Map<String, Object>> maps = new ArrayList<>();
    for (Change change : changes) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("path", change.path());
      map.put("before", change.before());
      map.put("after", change.after());
      maps.add(map);
    }
    return maps;
  }

  /** Runs a step, turning the API server's failures into one-line provider failures. */
  private static <T> T guarded(String resource, String step, Supplier<T> work) {
    try {
      return work.get();
    } catch (KubernetesClientException failure) {
      throw KubernetesErrors.classify(resource + ": " + step, failure);
    }
  }
}
