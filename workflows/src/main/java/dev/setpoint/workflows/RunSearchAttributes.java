package dev.setpoint.workflows;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.Workflow;

/**
 * Setpoint's typed search attributes, which the Temporal UI filters runs by. The client sets
 * environment and mode at start; the workflow adds the revision and whether drift was found.
 */
public final class RunSearchAttributes {

  public static final SearchAttributeKey<String> ENVIRONMENT =
      SearchAttributeKey.forKeyword("SetpointEnvironment");
  public static final SearchAttributeKey<String> REVISION =
      SearchAttributeKey.forKeyword("SetpointRevision");
  public static final SearchAttributeKey<String> MODE =
      SearchAttributeKey.forKeyword("SetpointMode");
  public static final SearchAttributeKey<Boolean> DRIFTED =
      SearchAttributeKey.forBoolean("SetpointDrifted");

  private RunSearchAttributes() {}

  /** The attributes a client sets when it starts a run. */
  public static SearchAttributes atStart(String environment, String mode) {
    return SearchAttributes.newBuilder().set(ENVIRONMENT, environment).set(MODE, mode).build();
  }

  public static void revision(String commitId) {
    if (registered()) {
      Workflow.upsertTypedSearchAttributes(REVISION.valueSet(commitId));
    }
  }

  public static void drifted(boolean drifted) {
    if (registered()) {
      Workflow.upsertTypedSearchAttributes(DRIFTED.valueSet(drifted));
    }
  }

  /**
   * Whether the server knows Setpoint's attributes: a run started with them proves it; upserting an
   * unknown attribute would fail the workflow task again and again.
   */
  public static boolean registered() {
    return Workflow.getTypedSearchAttributes().containsKey(ENVIRONMENT);
  }
}
