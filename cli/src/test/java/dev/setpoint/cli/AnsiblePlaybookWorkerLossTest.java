package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.setpoint.orchestrator.provider.ProviderRegistry;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.workflows.EmbeddedTemporal;
import dev.setpoint.workflows.ResourceActivitiesImpl;
import dev.setpoint.workflows.RunSettings;
import dev.setpoint.workflows.SetpointWorkers;
import dev.setpoint.workflows.SourceTrees;
import dev.setpoint.workflows.TemporalConnection;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code ansible:Playbook} step stopped by Temporal rather than by the playbook: {@code setpoint
 * apply} against a real Temporal server, the Ansible steps served by a worker of their own task
 * queue, which goes away in the middle of the playbook. Nothing the run started may outlive it, and
 * Temporal's retry on a fresh worker completes the apply.
 */
class AnsiblePlaybookWorkerLossTest {

  /** Sleeps on the first attempt only: the retry on a fresh worker finds the pid file and ends. */
  static final String SLOW =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: wait for the migration
            ansible.builtin.shell: >-
              test -s {{ pid_file }} && exit 0;
              echo $$ > {{ pid_file }}; exec sleep 300
      """;

  @TempDir Path folder;
  TestRepository repository;
  EmbeddedTemporal server;
  TemporalConnection connection;
  SetpointWorkers workers;
  SourceTrees sources;
  WorkerFactory ansibleWorker;

  @BeforeEach
  void startAServerAndWorkers() throws Exception {
    System.setProperty("setpoint.home", folder.resolve("home").toString());
    repository = TestRepository.init(folder.resolve("repo"));
    server = EmbeddedTemporal.start();
    connection = TemporalConnection.connect(server.address(), "default");
    System.setProperty("setpoint.temporal.address", server.address());
    workers =
        SetpointWorkers.start(
            connection.client(),
            ProviderRegistry.load(),
            SchemaRegistry.load(),
            folder.resolve("worker-home"),
            RunSettings.DEFAULT_TASK_QUEUE,
            Set.of(RunSettings.DEFAULT_TASK_QUEUE));
    sources = new SourceTrees(folder.resolve("worker-home/repos"));
  }

  @AfterEach
  void stop() {
    if (ansibleWorker != null) {
      ansibleWorker.shutdownNow();
    }
    workers.close();
    sources.close();
    connection.close();
    server.close();
    repository.close();
    System.clearProperty("setpoint.home");
    System.clearProperty("setpoint.temporal.address");
  }

  @Test
  void aWorkerThatGoesAwayMidPlaybookLeavesNoAnsibleProcessBehind() throws Exception {
    Path pidFile = folder.resolve("task.pid");
    repository.write("ansible/slow.yml", SLOW);
    repository.write(
        "envs/dev/environment.yaml",
        """
        apiVersion: setpoint.dev/v1alpha1
        kind: Environment
        metadata:
          name: dev
        spec:
          providers:
            ansible:
              taskQueue: ansible
              retry: {maxAttempts: 3, initialInterval: 1s, maximumInterval: 1s}
          resources:
            - name: migrate
              type: ansible:Playbook
              properties:
                playbook: ../../ansible/slow.yml
                extraVars: {pid_file: %s}
        """
            .formatted(pidFile));
    repository.commit("a slow playbook");
    ansibleWorker = startAnsibleWorker();
    CompletableFuture<CliRun> apply =
        CompletableFuture.supplyAsync(
            () -> CliRun.of("apply", repository.root().resolve("envs/dev").toString()));
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> Files.isRegularFile(pidFile) && !Files.readString(pidFile).isBlank());
    long taskPid = Long.parseLong(Files.readString(pidFile).strip());
    assertThat(ProcessHandle.of(taskPid).map(ProcessHandle::isAlive)).contains(true);

    // the worker goes away: Temporal interrupts its step, which never heartbeats again
    ansibleWorker.shutdownNow();
    ansibleWorker.awaitTermination(60, TimeUnit.SECONDS);

    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              assertThat(ProcessHandle.of(taskPid).filter(ProcessHandle::isAlive))
                  .as("the playbook task's own process")
                  .isEmpty();
              assertThat(processesNaming(folder.resolve("worker-home/work").toString()))
                  .as("no ansible-runner or ansible-playbook process of the run")
                  .isEmpty();
            });
    // a fresh worker takes the retry (after the heartbeat timeout, or at once if the interrupted
    // step reported back), which finds the pid file and ends: the apply completes
    ansibleWorker = startAnsibleWorker();
    CliRun finished = apply.get(4, TimeUnit.MINUTES);
    assertThat(finished.exitCode()).as(finished.out() + finished.err()).isZero();
    assertThat(finished.out()).contains("migrate (ansible:Playbook) create ... succeeded");
  }

  /** A worker of Ansible steps, as {@code setpoint worker --providers ansible} would run. */
  private WorkerFactory startAnsibleWorker() {
    WorkerFactory factory = WorkerFactory.newInstance(connection.client());
    factory
        .newWorker("ansible")
        .registerActivitiesImplementations(
            new ResourceActivitiesImpl(
                ProviderRegistry.load(), sources, folder.resolve("worker-home/work")));
    factory.start();
    return factory;
  }

  private static List<String> processesNaming(String path) {
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().orElse("").contains(path))
        .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
        .toList();
  }
}
