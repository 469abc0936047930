package dev.setpoint.orchestrator.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Property values are plain data: String, Long, Double, Boolean, null, List and Map (with String
 * keys, in definition order). These helpers keep them immutable and name their kinds for messages.
 */
public final class Values {

  private Values() {}

  /** A deep, unmodifiable copy that keeps key order and tolerates null values. */
  public static Object immutable(Object value) {
    if (value instanceof Map<?, ?> map) {
      return immutableMap(map);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object item : list) {
        copy.add(immutable(item));
      }
      return Collections.unmodifiableList(copy);
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  public static <V> Map<String, V> immutableMap(Map<?, ?> map) {
    if (map == null) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((key, item) -> copy.put(String.valueOf(key), immutable(item)));
    return (Map<String, V>) Collections.unmodifiableMap(copy);
  }

  /** The kind of a value as a person reads it in an error message. */
  public static String kindOf(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof java.math.BigInteger) {
      return "an integer";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof List) {
      return "a list";
    }
    if (value instanceof Map) {
      return "a map";
    }
    return value.getClass().getSimpleName();
  }
}
