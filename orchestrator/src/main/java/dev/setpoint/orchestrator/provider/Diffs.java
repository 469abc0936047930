package dev.setpoint.orchestrator.provider;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares what Git declares with what is live, field by field, for handlers' {@link
 * ResourceHandler#diff}. Pure functions over plain data (String, numbers, Boolean, null, List and
 * Map with String keys).
 *
 * <p>The rules: only fields the desired side sets are compared, so server defaults and tags it does
 * not name are never drift; maps are compared key by key with paths such as {@code tags.team};
 * lists are compared whole, in order, with the path of the list (a handler whose API returns a set
 * sorts both sides first); numbers are compared by value, so {@code 2}, {@code 2L} and {@code 2.0}
 * agree; a missing key and a null value are the same; a string never equals a number.
 */
public final class Diffs {

  private Diffs() {}

  /**
   * The fields of {@code desired} whose value differs in {@code observed}, in the order of {@code
   * desired}, each with the observed value as {@code before} and the desired one as {@code after}.
   */
  public static List<Change> changes(Map<String, ?> desired, Map<String, ?> observed) {
    List<Change> changes = new ArrayList<>();
    compareMaps("", desired, observed == null ? Map.of() : observed, changes);
    return List.copyOf(changes);
  }

  /**
   * The usual plan: {@code CREATE} when nothing exists (listing the desired fields), {@code NONE}
   * when nothing differs, {@code REPLACE} when a changed field starts in one of {@code
   * immutableProperties}, else {@code UPDATE}. An unmarked resource that is being adopted plans an
   * {@code UPDATE} even with no field changed, so that apply writes Setpoint's marks.
   *
   * @param immutableProperties top-level properties that cannot change in place, as {@link
   *     dev.setpoint.orchestrator.schema.ResourceTypeSchema#immutableProperties()} lists them
   */
  public static Plan plan(
      Map<String, ?> desired, Observation observation, Collection<String> immutableProperties) {
    if (!observation.exists()) {
      return Plan.create(changes(desired, Map.of()));
    }
    List<Change> changes = changes(desired, observation.state());
    Set<String> forcing = new LinkedHashSet<>();
    for (Change change : changes) {
      if (immutableProperties.contains(change.topLevelProperty())) {
        forcing.add(change.topLevelProperty());
      }
    }
    if (!forcing.isEmpty()) {
      return Plan.replace(changes, joinNames(forcing) + " cannot change in place");
    }
    if (observation.ownership() == Observation.Ownership.UNMANAGED) {
      return Plan.adopt(changes);
    }
    return changes.isEmpty() ? Plan.none() : Plan.update(changes);
  }

  /**
   * Whether two plain values are the same by the rules above: numbers by value, maps and lists
   * element by element (a map's keys must match exactly; a missing key equals a null value).
   */
  public static boolean sameValue(Object left, Object right) {
    if (left == null || right == null) {
      return left == right;
    }
    if (left instanceof Number a && right instanceof Number b) {
      return sameNumber(a, b);
    }
    if (left instanceof Map<?, ?> a && right instanceof Map<?, ?> b) {
      Set<Object> keys = new LinkedHashSet<>(a.keySet());
      keys.addAll(b.keySet());
      for (Object key : keys) {
        if (!sameValue(a.get(key), b.get(key))) {
          return false;
        }
      }
      return true;
    }
    if (left instanceof List<?> a && right instanceof List<?> b) {
      if (a.size() != b.size()) {
        return false;
      }
      Iterator<?> other = b.iterator();
      for (Object item : a) {
        if (!sameValue(item, other.next())) {
          return false;
        }
      }
      return true;
    }
    return left.equals(right);
  }

  private static void compareMaps(
      String path, Map<String, ?> desired, Map<?, ?> observed, List<Change> changes) {
    desired.forEach(
        (key, wanted) -> {
          String fieldPath = Change.keyPath(path, key);
          Object live = observed.get(key);
          if (wanted instanceof Map<?, ?> wantedMap && (live == null || live instanceof Map)) {
            compareMaps(
                fieldPath,
                stringKeys(wantedMap),
                live == null ? Map.of() : (Map<?, ?>) live,
                changes);
          } else if (!sameValue(wanted, live)) {
            changes.add(new Change(fieldPath, live, wanted));
          }
        });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> stringKeys(Map<?, ?> map) {
    for (Object key : map.keySet()) {
      if (!(key instanceof String)) {
        throw new IllegalArgumentException("map keys are strings, not " + key);
      }
    }
    return (Map<String, ?>) map;
  }

  private static boolean sameNumber(Number a, Number b) {
    BigDecimal left = exact(a);
    BigDecimal right = exact(b);
    if (left == null || right == null) {
      return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
    }
    return left.compareTo(right) == 0;
  }

  /** The exact value, or null for NaN and the infinities. */
  private static BigDecimal exact(Number number) {
    if (number instanceof BigDecimal decimal) {
      return decimal;
    }
    if (number instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    if (number instanceof Double || number instanceof Float) {
      double value = number.doubleValue();
      return Double.isFinite(value) ? new BigDecimal(number.toString()) : null;
    }
    return BigDecimal.valueOf(number.longValue());
  }

  private static String joinNames(Set<String> names) {
    List<String> list = List.copyOf(names);
    if (list.size() == 1) {
      return list.get(0);
    }
    return String.join(", ", list.subList(0, list.size() - 1))
        + " and "
        + list.get(list.size() - 1);
  }
}
