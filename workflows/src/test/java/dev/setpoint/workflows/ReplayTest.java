package dev.setpoint.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays a recorded history of an apply against today's {@link ReconcileEnvironmentImpl}, so that
 * a change that would break running workflows (a reordered activity, a new timer, a removed step)
 * fails here instead of on a server.
 *
 * <p>The history is committed at {@value #HISTORY}. When a change to the workflow is meant to be
 * incompatible (and guarded by {@code Workflow.getVersion} for runs in flight), record a new one:
 *
 * <pre>
 * ./mvnw -B -q -pl workflows test -Dtest=ReplayTest -Dsetpoint.recordHistories=true
 * </pre>
 *
 * which runs {@link #recordTheHistory} (skipped otherwise) and overwrites the file; commit it with
 * the change.
 */
class ReplayTest {

  /** On the test classpath. */
  static final String HISTORY_RESOURCE = "/histories/apply-two-resources.json";

  /** Where {@link #recordTheHistory} writes it, relative to the module. */
  static final String HISTORY = "src/test/resources" + HISTORY_RESOURCE;

  @Test
  void aRecordedApplyReplaysWithoutNonDeterminism() throws Exception {
    String json;
    try (InputStream recorded = ReplayTest.class.getResourceAsStream(HISTORY_RESOURCE)) {
      assertThat(recorded).as("the recorded history %s", HISTORY).isNotNull();
      json = new String(recorded.readAllBytes(), StandardCharsets.UTF_8);
    }
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(json);
    assertThat(history.getEvents()).hasSizeGreaterThan(10);

    WorkflowReplayer.replayWorkflowExecution(history, ReconcileEnvironmentImpl.class);
  }

  @Test
  @EnabledIfSystemProperty(named = "setpoint.recordHistories", matches = "true")
  void recordTheHistory(@TempDir Path folder) throws Exception {
    try (WorkflowHarness harness = new WorkflowHarness(folder)) {
      harness.commit(ReconcileApplyTest.NETWORK_AND_SUBNET);
      RunReport report = harness.run(RunMode.APPLY);
      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      String json = harness.history(report.workflowId()).toJson(true);
      Files.createDirectories(Path.of(HISTORY).getParent());
      Files.writeString(Path.of(HISTORY), json + "\n", StandardCharsets.UTF_8);
    }
  }
}
