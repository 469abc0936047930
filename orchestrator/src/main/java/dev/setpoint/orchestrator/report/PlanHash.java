package dev.setpoint.orchestrator.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.setpoint.orchestrator.provider.Change;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * A short fingerprint of an environment-wide plan: the commit and, per resource in name order, its
 * action and field-level changes. Approving by hash means approving exactly the plan one has read;
 * the same plan of the same commit always has the same hash, and any other plan another one.
 */
public final class PlanHash {

  /** Hex digits shown and compared: 64 bits, plenty to tell plans apart. */
  public static final int LENGTH = 16;

  private static final JsonMapper CANONICAL =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private PlanHash() {}

  public static String of(RunReport plan) {
    ObjectNode root = CANONICAL.createObjectNode();
    root.put("environment", plan.environment());
    root.put("revision", plan.revision());
    ArrayNode resources = root.putArray("resources");
    plan.resources().stream()
        .sorted(Comparator.comparing(ResourceResult::name))
        .forEach(
            result -> {
              ObjectNode node = resources.addObject();
              node.put("name", result.name());
              node.put("type", result.type());
              node.put("action", result.action().reportName());
              ArrayNode changes = node.putArray("changes");
              for (Change change : result.changes()) {
                ObjectNode changeNode = changes.addObject();
                changeNode.put("path", change.path());
                changeNode.set("before", CANONICAL.valueToTree(change.before()));
                changeNode.set("after", CANONICAL.valueToTree(change.after()));
              }
            });
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(CANONICAL.writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, LENGTH);
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("SHA-256 and plain JSON are always available", e);
    }
  }
}
