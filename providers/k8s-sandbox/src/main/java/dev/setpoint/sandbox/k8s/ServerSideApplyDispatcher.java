package dev.setpoint.sandbox.k8s;

import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * fabric8's CRUD dispatcher (indexed by name: {@link IndexedCrudDispatcher}), taught just enough
 * server-side apply for Setpoint: an apply request creates the object when it is absent, otherwise
 * merges the applied fields into it (maps merged key by key, lists and scalars replaced) and
 * removes the fields the same field manager applied last time and no longer applies. What a field
 * manager applied is kept, as a real API server does, in {@code metadata.managedFields} (one {@code
 * FieldsV1} set per manager). Conflicts between field managers are not detected: every apply
 * behaves as if {@code force=true}.
 *
 * <p>It also counts requests by HTTP method, so tests and benchmarks can tell reads from writes.
 */
public class ServerSideApplyDispatcher extends IndexedCrudDispatcher {

  static final String APPLY_PATCH = "application/apply-patch";

  private final ObjectMapper json = JsonMapper.builder().build();
  private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
  private final List<String> writes = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();
  private volatile boolean establishCrds = true;

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    requests.computeIfAbsent(request.getMethod(), method -> new AtomicLong()).incrementAndGet();
    String path = request.getPath();
    int query = path.indexOf('?');
    String line = request.getMethod() + " " + (query < 0 ? path : path.substring(0, query));
    if (!request.getMethod().equals("GET")) {
      writes.add(line);
    }
    Refusal refusal = refusals.get(line);
    if (refusal != null && refusal.times().getAndDecrement() > 0) {
      return status(refusal.code(), "Refused", "refused by the sandbox, as a test asked");
    }
    return super.dispatch(request);
  }

  private record Refusal(int code, AtomicLong times) {}

  /**
   * Test hook: answers the next {@code times} requests {@code request} (as {@code DELETE
   * /api/v1/namespaces/app/configmaps/old}, without its query) with HTTP {@code code} and leaves
   * the store alone, so tests see how a failure the real API server can give is handled.
   */
  public void refuse(String request, int code, int times) {
    refusals.put(request, new Refusal(code, new AtomicLong(times)));
  }

  /** Every request other than a read, in order, as {@code PATCH /api/v1/namespaces/app}. */
  public List<String> writes() {
    synchronized (writes) {
      return List.copyOf(writes);
    }
  }

  /** Requests served so far by HTTP method ({@code GET}, {@code PATCH}, ...). */
  public Map<String, Long> requestCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    requests.forEach((method, count) -> counts.put(method, count.get()));
    return counts;
  }

  /** Requests other than reads (GET) served so far. */
  public long writeCount() {
    return requestCounts().entrySet().stream()
        .filter(e -> !e.getKey().equals("GET"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  public void resetCounts() {
    requests.clear();
    writes.clear();
  }

  @Override
  public MockResponse handlePatch(RecordedRequest request) {
    String type = request.getHeader("Content-Type");
    if (type == null || !type.startsWith(APPLY_PATCH)) {
      return super.handlePatch(request);
    }
    // The stock handlers take the dispatcher's own lock; applies must not interleave either.
    synchronized (this) {
      return apply(request);
    }
  }

  private MockResponse apply(RecordedRequest request) {
    String path = request.getPath();
    int query = path.indexOf('?');
    String bare = query < 0 ? path : path.substring(0, query);
    String manager = queryParameter(path, "fieldManager");
    if (manager == null) {
      return status(400, "BadRequest", "fieldManager is required for apply requests");
    }
    Map<String, Object> applied;
    try {
      applied = asMap(json.readValue(request.getBody().getBytes(), Map.class));
    } catch (RuntimeException unreadable) {
      return status(400, "BadRequest", "the apply body is not a JSON object");
    }
    Map<String, Object> appliedFields = fieldSet(applied);
    AttributeSet key = getKey(bare);
    Map.Entry<AttributeSet, String> existing = findResource(key);
    if (existing == null) {
      // The parsed body is this request's own: it becomes the new object without a copy.
      setManagedFields(applied, manager, appliedFields);
      establishIfCrd(applied);
      String collection = bare.substring(0, bare.lastIndexOf('/'));
      return handleCreate(
          new RecordedRequest(
              "HTTP/1.1", HttpMethod.POST, collection, jsonHeaders(), body(applied)));
    }
    Map<String, Object> live = asMap(json.readValue(existing.getValue(), Map.class));
    Map<String, Object> merged = deepCopy(live);
    merge(merged, applied);
    Map<String, Object> previous = managedFieldsOf(live, manager);
    removeUnapplied(merged, previous, appliedFields);
    setManagedFields(merged, manager, appliedFields);
    if (merged.equals(live)) {
      return new MockResponse().setResponseCode(200).setBody(existing.getValue());
    }
    return handleUpdate(
        new RecordedRequest("HTTP/1.1", HttpMethod.PUT, bare, jsonHeaders(), body(merged)));
  }

  /** Maps merge key by key; anything else (lists included) is replaced, as apply does. */
  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> target, Map<String, Object> applied) {
    applied.forEach(
        (name, value) -> {
          Object current = target.get(name);
          if (value instanceof Map<?, ?> child && current instanceof Map<?, ?> live) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) live);
            merge(copy, (Map<String, Object>) child);
            target.put(name, copy);
          } else {
            target.put(name, deepCopyValue(value));
          }
        });
  }

  /** Removes what {@code previous} held and {@code now} does not: the manager dropped it. */
  @SuppressWarnings("unchecked")
  private static void removeUnapplied(
      Map<String, Object> target, Map<String, Object> previous, Map<String, Object> now) {
    previous.forEach(
        (field, children) -> {
          String name = field.substring(2);
          if (!now.containsKey(field)) {
            target.remove(name);
          } else if (children instanceof Map<?, ?> before
              && !before.isEmpty()
              && target.get(name) instanceof Map<?, ?> child) {
            removeUnapplied(
                (Map<String, Object>) child,
                (Map<String, Object>) before,
                asMap(now.get(field) instanceof Map<?, ?> m ? m : Map.of()));
          }
        });
  }

  /** The {@code FieldsV1} set of an object: {@code f:name} per map key, lists as leaves. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> fieldSet(Map<String, Object> object) {
    Map<String, Object> fields = new LinkedHashMap<>();
    object.forEach(
        (name, value) -> {
          if (name.equals("apiVersion") || name.equals("kind")) {
            return;
          }
          fields.put(
              "f:" + name,
              value instanceof Map<?, ?> map && !map.isEmpty()
                  ? fieldSet((Map<String, Object>) map)
                  : Map.of());
        });
    return fields;
  }

  private Map<String, Object> managedFieldsOf(Map<String, Object> object, String manager) {
    if (object.get("metadata") instanceof Map<?, ?> metadata
        && metadata.get("managedFields") instanceof List<?> entries) {
      for (Object entry : entries) {
        if (entry instanceof Map<?, ?> managed
            && manager.equals(managed.get("manager"))
            && "Apply".equals(managed.get("operation"))
            && managed.get("fieldsV1") instanceof Map<?, ?> fields) {
          return asMap(fields);
        }
      }
    }
    return Map.of();
  }

  @SuppressWarnings("unchecked")
  private static void setManagedFields(
      Map<String, Object> object, String manager, Map<String, Object> fields) {
    Map<String, Object> metadata =
        (Map<String, Object>) object.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
    List<Object> entries = new ArrayList<>();
    if (metadata.get("managedFields") instanceof List<?> existing) {
      for (Object entry : existing) {
        if (!(entry instanceof Map<?, ?> managed
            && manager.equals(managed.get("manager"))
            && "Apply".equals(managed.get("operation")))) {
          entries.add(entry);
        }
      }
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("manager", manager);
    entry.put("operation", "Apply");
    entry.put("apiVersion", object.get("apiVersion"));
    entry.put("fieldsType", "FieldsV1");
    entry.put("fieldsV1", fields);
    entries.add(entry);
    metadata.put("managedFields", entries);
  }

  /**
   * Test hook: with {@code false}, a CRD is created without status, so a test can mark it
   * established later (as a real API server does after a moment) and see who waits for it.
   */
  public void establishCrds(boolean atOnce) {
    establishCrds = atOnce;
  }

  /**
   * No controller runs here, so a CRD is marked established at once, as a real server soon does.
   */
  private void establishIfCrd(Map<String, Object> object) {
    if (!establishCrds || !"CustomResourceDefinition".equals(object.get("kind"))) {
      return;
    }
    Map<String, Object> condition = new LinkedHashMap<>();
    condition.put("type", "Established");
    condition.put("status", "True");
    condition.put("reason", "InitialNamesAccepted");
    object.put("status", Map.of("conditions", List.of(condition)));
  }

  private static String queryParameter(String path, String name) {
    int query = path.indexOf('?');
    if (query < 0) {
      return null;
    }
    for (String pair : path.substring(query + 1).split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private Buffer body(Map<String, Object> object) {
    return new Buffer(json.writeValueAsBytes(object));
  }

  private static Headers jsonHeaders() {
    return Headers.builder().add("Content-Type", "application/json").build();
  }

  private MockResponse status(int code, String reason, String message) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("apiVersion", "v1");
    status.put("kind", "Status");
    status.put("status", "Failure");
    status.put("reason", reason);
    status.put("message", message);
    status.put("code", code);
    return new MockResponse().setResponseCode(code).setBody(json.writeValueAsString(status));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return (Map<String, Object>) Objects.requireNonNull(value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> map) {
    return (Map<String, Object>) deepCopyValue(map);
  }

  private static Object deepCopyValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopyValue(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Iterator<?> it = list.iterator(); it.hasNext(); ) {
        copy.add(deepCopyValue(it.next()));
      }
      return copy;
    }
    return value;
  }
}
