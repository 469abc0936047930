package dev.setpoint.provider.k8s;

import dev.setpoint.orchestrator.provider.Change;
import dev.setpoint.orchestrator.provider.Diffs;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields a manifest sets that differ live, after normalising what the API server rewrites. Only
 * fields the manifest sets are compared (server defaults, status, other managers' fields and labels
 * it does not name are never drift). Normalised: quantities by value in resource lists ({@code
 * 1000m} and {@code 1}, {@code 1Gi} and {@code 1073741824}); a number and a string holding it
 * (int-or-string ports); an empty map or list the server drops. Lists are compared element by
 * element when both sides have the same length (so defaults inside containers are ignored), and
 * whole otherwise. A Secret's {@code stringData} is compared with its decoded live {@code data},
 * and a Secret's values are hidden in the changes.
 */
final class LiveDiff {

  /** Map keys under which values are quantities. */
  private static final Set<String> QUANTITY_LISTS =
      Set.of("limits", "requests", "hard", "capacity", "allocatable");

  private static final String STRING_DATA = "stringData";

  /** What a plan shows for a Secret's value: that it differs, never what it is. */
  static final String HIDDEN = "(hidden)";

  private LiveDiff() {}

  /** The differing fields, with paths such as {@code spec.replicas} and {@code data.key}. */
  static List<Change> changes(Map<String, Object> desired, Map<String, Object> live) {
    List<Change> changes = new ArrayList<>();
    if (!isSecret(desired)) {
      compareMap("", desired, live, false, changes);
      return changes;
    }
    Map<String, Object> rest = new LinkedHashMap<>(desired);
    Object stringData = rest.remove(STRING_DATA);
    compareMap("", rest, live, false, changes);
    if (stringData instanceof Map<?, ?> strings) {
      compareStringData(strings, live, changes);
    }
    return hideSecretValues(changes);
  }

  private static boolean isSecret(Map<String, Object> object) {
    return "Secret".equals(object.get("kind")) && "v1".equals(object.get("apiVersion"));
  }

  /**
   * A real API server folds {@code stringData} into {@code data} (base64) and keeps no {@code
   * stringData}, so each value is compared with the decoded {@code data} value of its key; the
   * in-memory API keeps {@code stringData} as applied, which is read first when present.
   */
  private static void compareStringData(
      Map<?, ?> wanted, Map<String, Object> live, List<Change> changes) {
    Map<?, ?> liveStrings = live.get(STRING_DATA) instanceof Map<?, ?> m ? m : Map.of();
    Map<?, ?> liveData = live.get("data") instanceof Map<?, ?> m ? m : Map.of();
    wanted.forEach(
        (key, value) -> {
          Object actual =
              liveStrings.containsKey(key) ? liveStrings.get(key) : decoded(liveData.get(key));
          if (!sameScalar(value, actual, false)) {
            changes.add(
                new Change(Change.keyPath(STRING_DATA, String.valueOf(key)), actual, value));
          }
        });
  }

  private static Object decoded(Object base64) {
    if (!(base64 instanceof String text)) {
      return base64;
    }
    try {
      return new String(Base64.getDecoder().decode(text.strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return text;
    }
  }

  /** A Secret's values never reach a plan or a report: only which key differs. */
  private static List<Change> hideSecretValues(List<Change> changes) {
    List<Change> hidden = new ArrayList<>(changes.size());
    for (Change change : changes) {
      String path = change.path();
      if (path.startsWith("data.") || path.startsWith(STRING_DATA + ".")) {
        hidden.add(
            new Change(
                path,
                change.before() == null ? null : HIDDEN,
                change.after() == null ? null : HIDDEN));
      } else {
        hidden.add(change);
      }
    }
    return hidden;
  }

  private static void compareMap(
      String path, Map<?, ?> desired, Map<?, ?> live, boolean quantities, List<Change> changes) {
    desired.forEach(
        (key, wanted) -> {
          String name = String.valueOf(key);
          if (path.isEmpty() && (name.equals("status") || name.equals("apiVersion"))) {
            return; // status is the server's; apiVersion may be served in another version
          }
          compare(
              Change.keyPath(path, name),
              wanted,
              live == null ? null : live.get(name),
              quantities || QUANTITY_LISTS.contains(name),
              changes);
        });
  }

  private static void compare(
      String path, Object wanted, Object actual, boolean quantities, List<Change> changes) {
    if (wanted instanceof Map<?, ?> map) {
      if (actual instanceof Map<?, ?> live) {
        compareMap(path, map, live, quantities, changes);
      } else if (!(map.isEmpty() && actual == null)) {
        changes.add(new Change(path, actual, wanted));
      }
      return;
    }
    if (wanted instanceof List<?> list) {
      if (actual instanceof List<?> live && live.size() == list.size()) {
        for (int i = 0; i < list.size(); i++) {
          compare(Change.indexPath(path, i), list.get(i), live.get(i), quantities, changes);
        }
      } else if (!(list.isEmpty()
          && (actual == null || actual instanceof List<?> l && l.isEmpty()))) {
        changes.add(new Change(path, actual, wanted));
      }
      return;
    }
    if (!sameScalar(wanted, actual, quantities)) {
      changes.add(new Change(path, actual, wanted));
    }
  }

  static boolean sameScalar(Object wanted, Object actual, boolean quantities) {
    if (Diffs.sameValue(wanted, actual)) {
      return true;
    }
    if (wanted == null || actual == null) {
      return false;
    }
    if (quantities) {
      BigDecimal left = quantity(wanted);
      BigDecimal right = quantity(actual);
      if (left != null && right != null) {
        return left.compareTo(right) == 0;
      }
    }
    // int-or-string: 8080 and "8080" are the same port.
    if (wanted instanceof Number && actual instanceof String text) {
      return sameNumberText(text, (Number) wanted);
    }
    if (actual instanceof Number && wanted instanceof String text) {
      return sameNumberText(text, (Number) actual);
    }
    return false;
  }

  private static boolean sameNumberText(String text, Number number) {
    try {
      return new BigDecimal(text.strip()).compareTo(new BigDecimal(number.toString())) == 0;
    } catch (NumberFormatException notANumber) {
      return false;
    }
  }

  private static BigDecimal quantity(Object value) {
    try {
      return Quantity.getAmountInBytes(new Quantity(String.valueOf(value)));
    } catch (IllegalArgumentException | ArithmeticException notAQuantity) {
      return null;
    }
  }
}
