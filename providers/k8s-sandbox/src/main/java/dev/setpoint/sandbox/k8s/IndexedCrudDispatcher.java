package dev.setpoint.sandbox.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * fabric8's CRUD dispatcher with its stored objects indexed by name. The stock dispatcher finds an
 * object by testing every stored object against the request's path, and every create, update, patch
 * and apply does that at least once, so each write costs more the more the API holds (a sandbox
 * holding 10,000 objects spent most of a create there). Here a lookup by name reads the index and
 * tests only the objects of that name, which gives the same answer: an object matches a path naming
 * it only if it has that exact name.
 *
 * <p>The index follows the store through {@link #processEvent} and {@link #reset}, the two places
 * the stock dispatcher changes it. It checks itself: when the key the stock code stored is not the
 * one this class expects, or the store's size differs from the index's (someone changed the map
 * another way), the index is rebuilt from the store before it answers.
 */
public class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

  private static final String NAME = KubernetesAttributesExtractor.NAME;

  /** Stored keys by their name attribute, each set in the store's order. Guarded by itself. */
  private final Map<Attribute, Set<AttributeSet>> byName = new HashMap<>();

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
      for (AttributeSet key : byName.getOrDefault(name, Set.of())) {
        String value = map.get(key);
        if (value != null && key.matches(query)) {
          return Map.entry(key, value);
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
          index(stored);
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
      map.keySet().forEach(this::index);
    }
    stale = false;
  }

  private void index(AttributeSet key) {
    // Keys without a name go under null: counted for the size check, never looked up.
    if (byName.computeIfAbsent(key.getAttribute(NAME), n -> new LinkedHashSet<>()).add(key)) {
      indexed++;
    }
  }

  private void unindex(AttributeSet key) {
    Attribute name = key.getAttribute(NAME);
    Set<AttributeSet> keys = byName.get(name);
    if (keys != null && keys.remove(key)) {
      indexed--;
      if (keys.isEmpty()) {
        byName.remove(name);
      }
    }
  }
}
