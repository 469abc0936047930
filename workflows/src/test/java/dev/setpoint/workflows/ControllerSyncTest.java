package dev.setpoint.workflows;

import static dev.setpoint.workflows.ControllerHarness.applies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.setpoint.orchestrator.report.RunMode;
import dev.setpoint.orchestrator.report.RunReport;
import dev.setpoint.orchestrator.report.RunStatus;
import dev.setpoint.workflows.controller.ControllerRun;
import dev.setpoint.workflows.controller.ControllerSettings;
import dev.setpoint.workflows.controller.ControllerStatus;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller follows its branch: each new commit is applied within one poll interval, an
 * unchanged head runs nothing, a failed run is retried until a later commit fixes it, and the
 * status answers while a run is under way.
 */
class ControllerSyncTest {

  @TempDir Path folder;
  ControllerHarness controller;

  @BeforeEach
  void start() throws Exception {
    controller = new ControllerHarness(folder);
  }

  @AfterEach
  void stop() {
    controller.close();
  }

  @Test
  void aNewCommitIsAppliedWithinOneInterval() throws Exception {
    String first = controller.commit(Definitions.network("net"));
    controller.start();
    controller.untilApplied(first);

    String second = controller.commit(Definitions.network("net") + Definitions.network("more"));
    controller.pass(Duration.ofMinutes(1));
    ControllerStatus status = controller.untilApplied(second);

    assertThat(controller.provider().live).containsKeys("net", "more");
    assertThat(status.state().headRevision()).isEqualTo(second);
    assertThat(status.state().lastAttempt().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(status.state().lastAttempt().workflowId()).isEqualTo("setpoint-dev-apply");
    assertThat(status.state().resources()).extracting(r -> r.name()).containsExactly("net", "more");
    assertThat(applies(status)).extracting(ControllerRun::revision).containsExactly(second, first);
    assertThat(status.blocked()).isEmpty();
  }

  @Test
  void aRemoteRepositoryIsFetchedAtEveryPoll() throws Exception {
    String first = controller.commit(Definitions.network("net"));
    String url = controller.harness.repository.root().toUri().toString();
    controller.start(
        new EnvironmentSource(url, true, "envs/dev", null, null), ControllerSettings.defaults());
    controller.untilApplied(first);

    String second = controller.commit(Definitions.network("net") + Definitions.network("more"));
    controller.pass(Duration.ofMinutes(1));
    ControllerStatus status = controller.untilApplied(second);

    assertThat(controller.workflowId).startsWith("setpoint-dev-controller-");
    assertThat(status.repository()).isEqualTo(url);
    assertThat(controller.provider().live).containsKeys("net", "more");
  }

  @Test
  void anUnchangedHeadRunsNothing() throws Exception {
    String only = controller.commit(Definitions.network("net"));
    controller.start();
    Instant firstPollDue = controller.untilApplied(only).state().nextPollAt();
    long observed = controller.provider().count("observe", "net");

    controller.pass(Duration.ofMinutes(5));
    // Each poll moves the next one on by the interval: five more polls have run.
    ControllerStatus status =
        controller.until(
            s -> !s.state().nextPollAt().isBefore(firstPollDue.plus(Duration.ofMinutes(5))));

    assertThat(applies(status)).hasSize(1);
    assertThat(controller.provider().count("observe", "net")).isEqualTo(observed);
    assertThat(controller.provider().count("apply", "net")).isEqualTo(1);
    assertThat(status.state().headRevision()).isEqualTo(only);
    assertThat(status.running()).isNull();
  }

  @Test
  void anUnreachableRepositoryIsPolledAgainAndItsHeadAppliedOnceItIsBack() throws Exception {
    String head = controller.commit(Definitions.network("net"));
    Path repository = controller.harness.repository.root();
    Path away = repository.resolveSibling("repo-away");
    Files.move(repository, away);
    controller.start();
    ControllerStatus unreachable =
        controller.until(
            s -> s.blocked().stream().anyMatch(line -> line.startsWith("cannot read")));
    assertThat(unreachable.state().lastAttempt()).isNull();

    Files.move(away, repository);
    controller.pass(Duration.ofMinutes(1));
    ControllerStatus applied = controller.untilApplied(head);

    assertThat(controller.provider().live).containsKey("net");
    assertThat(applied.blocked()).isEmpty();
  }

  /**
   * A commit whose definition could not be read (Git went away between the poll and the load) is no
   * fault of the commit: it is loaded again at once on sync, and at every poll, until it applies,
   * with no new commit.
   */
  @Test
  void aCommitThatCouldNotBeLoadedIsLoadedAgainWithoutANewCommit() throws Exception {
    String head = controller.commit(Definitions.network("net"));
    controller.harness.git.down.set(true);
    controller.start();
    ControllerStatus unloaded =
        controller.until(
            s ->
                s.state().lastAttempt() != null
                    && s.state().lastAttempt().status() == RunStatus.FAILED);
    ControllerRun attempt = unloaded.state().lastAttempt();
    assertThat(attempt.revision()).isEqualTo(head);
    assertThat(attempt.refused()).isFalse();
    assertThat(attempt.ran()).isFalse();
    assertThat(attempt.describe())
        .startsWith("apply " + head.substring(0, 7) + ": not loaded (cannot fetch");
    assertThat(unloaded.blocked())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("could not be loaded: cannot fetch")
                    .contains("retried at the next poll"));

    controller.pass(Duration.ofMinutes(1));
    assertThat(controller.until(s -> s.state().recentRuns().size() == 2).state().recentRuns())
        .allSatisfy(run -> assertThat(run.revision()).isEqualTo(head));

    controller.harness.git.down.set(false);
    controller.controller.sync();
    ControllerStatus applied = controller.untilApplied(head);

    assertThat(controller.provider().live).containsKey("net");
    assertThat(applied.state().lastAttempt().succeeded()).isTrue();
    assertThat(applied.blocked()).isEmpty();
    assertThat(applies(applied)).extracting(ControllerRun::ran).containsExactly(true, false, false);
  }

  @Test
  void aFailedRunIsRetriedAtTheNextPollAndRecoversOnceALaterCommitFixesIt() throws Exception {
    controller.provider().failInvalid.put("broken", "the quota for networks is exhausted");
    String failing = controller.commit(Definitions.network("broken"));
    controller.start();
    ControllerStatus failed =
        controller.until(
            s ->
                s.state().lastAttempt() != null
                    && s.state().lastAttempt().status() == RunStatus.FAILED);
    assertThat(failed.state().lastAttempt().revision()).isEqualTo(failing);
    assertThat(failed.state().lastAppliedRevision()).isNull();
    assertThat(failed.blocked())
        .anySatisfy(line -> assertThat(line).contains("broken failed: the quota"));

    controller.pass(Duration.ofMinutes(1));
    controller.until(s -> applies(s).size() == 2 && s.running() == null);
    assertThat(controller.provider().count("apply", "broken")).isEqualTo(2);

    String fixed = controller.commit(Definitions.network("fixed"));
    controller.pass(Duration.ofMinutes(1));
    ControllerStatus recovered = controller.untilApplied(fixed);

    assertThat(controller.provider().live).containsKey("fixed");
    assertThat(recovered.blocked()).isEmpty();
    assertThat(recovered.state().lastAttempt().revision()).isEqualTo(fixed);
  }

  @Test
  void anInvalidCommitIsRefusedOnceAndTheNextValidOneApplies() throws Exception {
    String invalid =
        controller.commit("  - name: net\n    type: test:net/NoSuchType\n    properties: {}\n");
    controller.start();
    ControllerStatus refused =
        controller.until(s -> s.state().lastAttempt() != null && s.state().lastAttempt().refused());
    assertThat(refused.state().lastAttempt().revision()).isEqualTo(invalid);
    assertThat(refused.state().lastAttempt().describe())
        .startsWith("apply " + invalid.substring(0, 7) + ": refused (the definition at");
    assertThat(refused.blocked())
        .anySatisfy(
            line -> assertThat(line).contains("is refused").contains("retrying cannot help"));
    Instant pollDue = refused.state().nextPollAt();

    controller.pass(Duration.ofMinutes(2));
    controller.controller.sync();
    ControllerStatus polled =
        controller.until(
            s -> !s.state().nextPollAt().isBefore(pollDue.plus(Duration.ofMinutes(2))));
    // Neither the polls nor the sync loaded it again: one refusal, and no run.
    assertThat(polled.state().recentRuns()).hasSize(1);
    assertThat(polled.state().lastAttempt()).isEqualTo(refused.state().lastAttempt());

    String valid = controller.commit(Definitions.network("net"));
    controller.pass(Duration.ofMinutes(1));
    controller.untilApplied(valid);
  }

  @Test
  void theStatusAnswersWhileARunIsUnderWay() throws Exception {
    controller.provider().applyDelay.put("slow", Duration.ofSeconds(2));
    String revision = controller.commit(Definitions.network("slow"));
    controller.start();

    ControllerStatus during = controller.until(s -> s.running() != null);

    assertThat(during.running().revision()).isEqualTo(revision);
    assertThat(during.running().mode()).isEqualTo(RunMode.APPLY);
    assertThat(during.running().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(during.running().workflowId()).isEqualTo("setpoint-dev-apply");
    assertThat(during.state().lastAppliedRevision()).isNull();
    controller.untilApplied(revision);
  }

  @Test
  void anApplyHeldByAPersonsRunIsRetriedAtTheNextPoll() throws Exception {
    controller.provider().applyDelay.put("slow", Duration.ofSeconds(2));
    String revision = controller.commit(Definitions.network("slow"));
    ReconcileEnvironment persons =
        controller
            .harness
            .temporal
            .getWorkflowClient()
            .newWorkflowStub(
                ReconcileEnvironment.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(RunSettings.DEFAULT_TASK_QUEUE)
                    .setWorkflowId("setpoint-dev-apply")
                    .build());
    WorkflowClient.start(
        persons::reconcile,
        controller.harness.request(RunMode.APPLY, false, RunSettings.defaults()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> controller.provider().live.containsKey("slow"));

    controller.start();
    ControllerStatus held =
        controller.until(
            s ->
                s.state().lastAttempt() != null
                    && s.state().lastAttempt().status() == RunStatus.FAILED);
    assertThat(held.state().lastAttempt().revision()).isEqualTo(revision);
    assertThat(held.blocked()).anySatisfy(line -> assertThat(line).contains("did not apply"));
    WorkflowStub.fromTyped(persons).getResult(RunReport.class);

    controller.pass(Duration.ofMinutes(1));
    controller.untilApplied(revision);
  }

  /**
   * Above the partition size the runs go through slices, and the definition the controller reads
   * for its own settings comes without the resources: its history does not grow with them.
   */
  @Test
  void aLargeEnvironmentIsAppliedInSlicesAndItsResourcesStayOutOfTheControllersHistory()
      throws Exception {
    List<String> names = IntStream.range(0, 5).mapToObj(i -> "net-" + i).toList();
    String head =
        controller.commit(String.join("", names.stream().map(Definitions::network).toList()));
    controller.start(new ControllerSettings(RunSettings.defaults().withPartitionSize(2), 0));
    ControllerStatus status = controller.untilApplied(head);

    assertThat(controller.provider().live).containsKeys(names.toArray(String[]::new));
    assertThat(status.blocked()).isEmpty();
    WorkflowExecutionHistory history =
        controller.harness.temporal.getWorkflowClient().fetchHistory(controller.workflowId);
    List<String> loadResults =
        history.getEvents().stream()
            .filter(HistoryEvent::hasActivityTaskCompletedEventAttributes)
            .flatMap(
                e ->
                    e
                        .getActivityTaskCompletedEventAttributes()
                        .getResult()
                        .getPayloadsList()
                        .stream())
            .map(Payload::getData)
            .map(data -> data.toString(StandardCharsets.UTF_8))
            .filter(json -> json.contains("\"partitions\""))
            .toList();
    assertThat(loadResults).isNotEmpty().noneMatch(json -> json.contains("net-3"));
  }
}
