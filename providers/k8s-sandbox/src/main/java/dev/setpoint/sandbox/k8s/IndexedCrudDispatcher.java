package dev.setpoint.sandbox.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * fabric8's CRUD dispatcher with its stored objects indexed by name. The stock dispatcher finds an
 * object by testing every stored object against the request's path, and every create, update, patch
 * and apply does that at least once, so each write costs more the more the API holds (79% of the
 * CPU samples of a run of KubernetesApplyBenchmark were there). Here a lookup by name reads the
 * index and tests only the objects of that name, which gives the same answer: an object matches a
 * path naming it only if it has that exact name.
 *
 * <p>The index follows the store through {@link #processEvent} and {@link #reset}, the two places
 * the stock dispatcher changes it. It checks itself: when the key the stock code stored is not the
 * one this class expects, or the store's size differs from the index's (someone changed the map
 * another way), the index is rebuilt from the store before it answers. A value replaced in that map
 * directly, leaving its size alone, is not seen: nothing in the mock server does that.
 */
public class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

  private static final String NAME = KubernetesAttributesExtractor.NAME;

  /**
   * Stored objects by their name attribute, each map in the store's order. It holds the values too:
   * fabric8's {@code AttributeSet.hashCode} sums its attributes' hashes, and the name and namespace
   * each appear twice in a key, so 9,000 stored ConfigMaps share 1,657 hash codes and every lookup
   * in the store's own map compares up to 40 keys. Guarded by itself.
   */
  private final Map<Attribute, Map<AttributeSet, String>> byName = new HashMap<>();

  private int indexed;
  private boolean stale;

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    Attribute name = query.getAttribute(NAME);
    if (name == null || name.getType() != AttributeType.WITH) {
      return super.findResource(query);
    }
    // A WITH attribute matches a stored key that holds an equal attribute, so only keys of this
    // name can match; the rest of the query is tested on those as the stock scan would.
    synchronized (byName) {
      refreshIfStale();
      for (Map.Entry<AttributeSet, String> stored :
          byName.getOrDefault(name, Map.of()).entrySet()) {
        if (stored.getKey().matches(query)) {
          return Map.entry(stored.getKey(), stored.getValue());
        }
      }
    }
    return null;
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    synchronized (byName) {
      if (oldAttributes != null) {
        unindex(oldAttributes);
      }
      if (newState != null) {
        AttributeSet stored = storedKey(pathAttributes, resource, newState);
        if (map.containsKey(stored)) {
          index(stored, newState);
        } else {
          stale = true;
        }
      }
    }
  }

  @Override
  public void reset() {
    super.reset();
    synchronized (byName) {
      byName.clear();
      indexed = 0;
      stale = false;
    }
  }

  /** The key the stock {@code processEvent} stores an object under, worked out the same way. */
  private AttributeSet storedKey(
      AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
    KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
    AttributeSet key =
        resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
    return key.containsKey(KubernetesAttributesExtractor.PLURAL)
        ? key
        : AttributeSet.merge(pathAttributes, key);
  }

  private void refreshIfStale() {
    if (!stale && indexed == map.size()) {
      return;
    }
    byName.clear();
    indexed = 0;
    synchronized (map) {
      map.forEach(this::index);
    }
    stale = false;
  }

  private void index(AttributeSet key, String value) {
    // Keys without a name go under null: counted for the size check, never looked up.
    if (byName.computeIfAbsent(key.getAttribute(NAME), n -> new LinkedHashMap<>()).put(key, value)
        == null) {
      indexed++;
    }
  }

  private void unindex(AttributeSet key) {
    Attribute name = key.getAttribute(NAME);
    Map<AttributeSet, String> keys = byName.get(name);
    if (keys != null && keys.remove(key) != null) {
      indexed--;
      if (keys.isEmpty()) {
        byName.remove(name);
      }
    }
  }
}
