package dev.setpoint.orchestrator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper the renderers share; configured once, so it is thread-safe. */
final class ReportJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReportJson() {}

  static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A plain value (String, number, Boolean, null, List, Map) as a JSON tree. */
  static JsonNode tree(Object value) {
    return value == null ? MAPPER.nullNode() : MAPPER.valueToTree(value);
  }

  /** A plain value as compact JSON text: {@code "10.0.0.0/16"}, {@code true}, {@code [1,2]}. */
  static String text(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException notPlainData) {
      throw new IllegalArgumentException(
          "report values are plain data, not " + value.getClass().getName(), notPlainData);
    }
  }
}
