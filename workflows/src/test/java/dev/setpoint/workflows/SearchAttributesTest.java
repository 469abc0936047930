package dev.setpoint.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflow adds the revision and whether drift was found to the attributes a client set at
 * start, and upserts nothing for a run started without them (a server where they are not registered
 * would fail every workflow task).
 */
class SearchAttributesTest {

  @TempDir Path folder;
  WorkflowHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = new WorkflowHarness(folder);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aRunRecordsItsRevisionAndDrift() throws Exception {
    String commit = harness.commit(Definitions.network("net"));
    ReconcileEnvironment workflow = harness.stub(RunMode.APPLY);

    workflow.reconcile(harness.request(RunMode.APPLY, false, RunSettings.defaults()));

    SearchAttributes attributes =
        WorkflowStub.fromTyped(workflow).describe().getTypedSearchAttributes();
    assertThat(attributes.get(RunSearchAttributes.ENVIRONMENT)).isEqualTo("dev");
    assertThat(attributes.get(RunSearchAttributes.MODE)).isEqualTo("apply");
    assertThat(attributes.get(RunSearchAttributes.REVISION)).isEqualTo(commit);
    assertThat(attributes.get(RunSearchAttributes.DRIFTED)).isFalse();
  }

  @Test
  void aRunStartedWithoutAttributesUpsertsNone() throws Exception {
    harness.commit(Definitions.network("net"));
    ReconcileEnvironment workflow = harness.stubWithoutSearchAttributes(RunMode.APPLY);

    RunReport report =
        workflow.reconcile(harness.request(RunMode.APPLY, false, RunSettings.defaults()));

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(WorkflowStub.fromTyped(workflow).describe().getTypedSearchAttributes().size())
        .isZero();
  }
}
