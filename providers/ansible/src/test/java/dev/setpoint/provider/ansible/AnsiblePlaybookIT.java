package dev.setpoint.provider.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.setpoint.orchestrator.git.GitSource;
import dev.setpoint.orchestrator.git.SourceTree;
import dev.setpoint.orchestrator.model.DeletionPolicy;
import dev.setpoint.orchestrator.model.DriftPolicy;
import dev.setpoint.orchestrator.model.ProviderSettings;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.model.SourceLocation;
import dev.setpoint.orchestrator.provider.Change;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ProviderException;
import dev.setpoint.orchestrator.testing.TestRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ansible:Playbook} against the real ansible-runner, on localhost with a local connection,
 * with playbooks committed to a real Git repository and every file they write under a temp folder.
 */
class AnsiblePlaybookIT {

  static final String SITE =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: write the config
            ansible.builtin.template:
              src: app.conf.j2
              dest: "{{ target_dir }}/{{ inventory_hostname }}.conf"
            tags: [config]
          - name: mark the host
            ansible.builtin.copy:
              content: "marked\\n"
              dest: "{{ target_dir }}/{{ inventory_hostname }}.mark"
            tags: [mark]
          - name: publish
            ansible.builtin.set_stats:
              data:
                config_path: "{{ target_dir }}/localhost.conf"
                network: "{{ network_id }}"
                port: "{{ port }}"
                replicas: 3
            tags: [always]
      """;

  static final String TEMPLATE = "network = {{ network_id }}\nport = {{ port }}\n";

  static final String FAILING =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: check the disk
            ansible.builtin.fail:
              msg: "disk /data is 97% full"
      """;

  static final String SLOW =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: wait for the migration
            ansible.builtin.shell: "echo $$ > {{ pid_file }}; exec sleep 300"
      """;

  /** Check mode skips the command (no stdout lines), so the copy that reads them fails there. */
  static final String REGISTERED =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: read the version
            ansible.builtin.command: echo 1.4.2
            register: version
            changed_when: false
          - name: write the version
            ansible.builtin.copy:
              content: "{{ version.stdout_lines[0] }}\\n"
              dest: "{{ target_dir }}/version"
      """;

  @TempDir Path temp;

  private TestRepository repo;
  private GitSource git;
  private SourceTree tree;
  private Path target;
  private final AnsiblePlaybookHandler handler = new AnsiblePlaybookHandler();
  private final List<String> progress = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void ansibleRunnerIsInstalled() {
    assertThat(Files.isExecutable(Path.of("/usr/bin/ansible-runner")) || onPath("ansible-runner"))
        .as(
            "these tests run the real ansible-runner: apt-get install -y ansible-core"
                + " python3-ansible-runner")
        .isTrue();
  }

  private static boolean onPath(String name) {
    for (String folder : System.getenv("PATH").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(folder, name))) {
        return true;
      }
    }
    return false;
  }

  @BeforeEach
  void repository() throws Exception {
    target = Files.createDirectories(temp.resolve("target"));
    repo = TestRepository.init(temp.resolve("repo"));
    repo.write("ansible/site.yml", SITE);
    repo.write("ansible/app.conf.j2", TEMPLATE);
    repo.write("ansible/failing.yml", FAILING);
    repo.write("ansible/slow.yml", SLOW);
    repo.write("ansible/registered.yml", REGISTERED);
    repo.write(
        "ansible/hosts.yml",
        """
        all:
          hosts:
            web1:
              ansible_connection: local
              ansible_python_interpreter: "{{ ansible_playbook_python }}"
        """);
    repo.commit("playbooks");
    git = GitSource.openLocal(repo.root());
    tree = git.tree(git.resolve(null, null));
  }

  @AfterEach
  void close() {
    git.close();
    repo.close();
  }

  private ProviderContext context() {
    return context(ProviderSettings.empty("ansible"));
  }

  private ProviderContext context(ProviderSettings settings) {
    return new ProviderContext(
        "dev", "HEAD", settings, tree, temp.resolve("home/dev/play"), progress::add);
  }

  private ResourceSpec playbook(String file, Map<String, Object> more) {
    return playbook(file, more, null);
  }

  private ResourceSpec playbook(String file, Map<String, Object> more, Duration timeout) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("playbook", "ansible/" + file);
    properties.put(
        "extraVars",
        Map.of("target_dir", target.toString(), "network_id", "net-0abc", "port", 8080));
    properties.putAll(more);
    return new ResourceSpec(
        new ResourceName("play"),
        AnsiblePlaybookHandler.TYPE,
        properties,
        List.of(new ResourceName("net")),
        DriftPolicy.REVERT,
        DeletionPolicy.DELETE,
        false,
        null,
        timeout,
        false,
        SourceLocation.startOf("environment.yaml"));
  }

  private Plan plan(ResourceSpec spec) {
    return handler.diff(spec, handler.observe(spec, context()));
  }

  @Test
  void firstApplyChangesTheSecondFindsNothingAndSetStatsBecomeOutputs() throws Exception {
    ResourceSpec spec = playbook("site.yml", Map.of());

    Plan first = plan(spec);
    assertThat(first.action()).isEqualTo(Plan.Action.CREATE);
    Outputs outputs = handler.apply(spec, first, context());

    assertThat(target.resolve("localhost.conf")).hasContent("network = net-0abc\nport = 8080\n");
    assertThat(outputs.values())
        .containsEntry("config_path", target.resolve("localhost.conf").toString())
        .containsEntry("network", "net-0abc")
        .containsEntry("port", 8080)
        .containsEntry("replicas", 3);
    assertThat(progress).anyMatch(p -> p.startsWith("ansible-playbook: 3 task results"));

    Observation again = handler.observe(spec, context());
    assertThat(handler.diff(spec, again)).isEqualTo(Plan.none());
    assertThat(again.outputs().values()).containsEntry("network", "net-0abc");
    assertThat(progress).anyMatch(p -> p.startsWith("ansible-playbook --check: "));
    assertThat(leftoverRuns()).as("every private data dir is deleted after its run").isEmpty();
  }

  @Test
  void aHandEditIsDriftNamingTheTaskAndApplyRevertsIt() throws Exception {
    ResourceSpec spec = playbook("site.yml", Map.of());
    handler.apply(spec, plan(spec), context());
    Files.writeString(target.resolve("localhost.conf"), "network = edited-by-hand\nport = 8080\n");

    Plan drift = plan(spec);

    assertThat(drift.action()).isEqualTo(Plan.Action.UPDATE);
    assertThat(drift.changes()).hasSize(1);
    Change change = drift.changes().get(0);
    assertThat(change.path()).isEqualTo("localhost[\"write the config\"]");
    assertThat(change.before()).isEqualTo("network = edited-by-hand ⏎ port = 8080");
    assertThat(change.after()).isEqualTo("network = net-0abc ⏎ port = 8080");
    assertThat(target.resolve("localhost.conf"))
        .as("the check run changed nothing")
        .hasContent("network = edited-by-hand\nport = 8080\n");

    handler.apply(spec, drift, context());

    assertThat(target.resolve("localhost.conf"))
        .as("the run after a check run is a real run")
        .hasContent("network = net-0abc\nport = 8080\n");
    assertThat(plan(spec)).isEqualTo(Plan.none());
  }

  @Test
  void aChangedExtraVarIsAnUpdateOfTheTemplatedFile() throws Exception {
    handler.apply(playbook("site.yml", Map.of()), Plan.create(), context());
    ResourceSpec moved = playbook("site.yml", Map.of());
    Map<String, Object> properties = new LinkedHashMap<>(moved.properties());
    properties.put(
        "extraVars",
        Map.of("target_dir", target.toString(), "network_id", "net-0abc", "port", 9090));
    ResourceSpec changed = moved.resolved(properties);

    Plan update = plan(changed);

    assertThat(update.changes())
        .extracting(Change::path, Change::after)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "localhost[\"write the config\"]", "network = net-0abc ⏎ port = 9090"));
  }

  @Test
  void aFailingTaskIsOneLineNamingTaskHostAndMessageAndIsNotRetried() {
    ResourceSpec spec = playbook("failing.yml", Map.of());

    assertThatThrownBy(() -> handler.apply(spec, Plan.create(), context()))
        .isInstanceOf(ProviderException.class)
        .hasMessage("task \"check the disk\" failed on localhost: disk /data is 97% full")
        .satisfies(e -> assertThat(((ProviderException) e).retryable()).isFalse());
    assertThat(leftoverRuns()).isEmpty();
  }

  @Test
  void aTaskThatFailsOnlyInCheckModeIsAnUpdateThatRunsForRealAndIsReportedAsDrift()
      throws Exception {
    ResourceSpec spec = playbook("registered.yml", Map.of());
    handler.apply(spec, plan(spec), context());
    assertThat(target.resolve("version")).hasContent("1.4.2\n");

    Files.writeString(target.resolve("version"), "0.9\n");
    Plan second = plan(spec);

    assertThat(second.action()).isEqualTo(Plan.Action.UPDATE);
    assertThat(second.changes()).hasSize(1);
    Change change = second.changes().get(0);
    assertThat(change.path()).isEqualTo("localhost[\"write the version\"]");
    assertThat(String.valueOf(change.after()))
        .startsWith("unknown: the check run failed here (")
        .contains("list object has no element 0")
        .endsWith("only a real run can tell");
    handler.apply(spec, second, context());
    assertThat(target.resolve("version")).hasContent("1.4.2\n");
    assertThat(leftoverRuns()).isEmpty();
  }

  @Test
  void anUnreachableHostIsRetried() {
    ResourceSpec spec =
        playbook(
            "site.yml",
            Map.of(
                "inventory",
                Map.of(
                    "all",
                    Map.of(
                        "hosts",
                        Map.of(
                            "gone",
                            Map.of(
                                "ansible_connection", "ssh",
                                "ansible_host", "127.0.0.1",
                                "ansible_port", 1))))));

    assertThatThrownBy(() -> handler.apply(spec, Plan.create(), context()))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith("host gone is unreachable: ")
        .satisfies(e -> assertThat(((ProviderException) e).retryable()).isTrue());
  }

  @Test
  void anInlineInventoryWithLimitAndTagsRunsOnlyWhatTheySelect() throws Exception {
    Map<String, Object> local =
        Map.of(
            "ansible_connection",
            "local",
            "ansible_python_interpreter",
            "{{ ansible_playbook_python }}");
    ResourceSpec spec =
        playbook(
            "site.yml",
            Map.of(
                "inventory",
                Map.of("all", Map.of("hosts", Map.of("localhost", local, "web2", local))),
                "limit",
                "web2",
                "tags",
                List.of("mark")));

    handler.apply(spec, Plan.create(), context());

    assertThat(target.resolve("web2.mark")).hasContent("marked\n");
    assertThat(target.resolve("web2.conf")).as("not tagged mark").doesNotExist();
    assertThat(target.resolve("localhost.mark")).as("outside the limit").doesNotExist();
  }

  @Test
  void anInventoryFileFromTheRepositoryIsUsed() throws Exception {
    ResourceSpec spec = playbook("site.yml", Map.of("inventory", "ansible/hosts.yml"));

    handler.apply(spec, Plan.create(), context());

    assertThat(target.resolve("web1.conf")).exists();
    assertThat(target.resolve("localhost.conf")).doesNotExist();
  }

  @Test
  void cancellingARunKillsEveryProcessItStarted() throws Exception {
    Path pidFile = temp.resolve("task.pid");
    ResourceSpec spec =
        playbook("slow.yml", Map.of("extraVars", Map.of("pid_file", pidFile.toString())));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread apply =
        new Thread(
            () -> {
              try {
                handler.apply(spec, Plan.create(), context());
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    apply.start();
    long taskPid = awaitPid(pidFile);
    assertThat(ProcessHandle.of(taskPid).map(ProcessHandle::isAlive)).contains(true);

    apply.interrupt();
    apply.join(60_000);

    assertThat(apply.isAlive()).isFalse();
    assertThat(failure.get())
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("cancelled");
    assertThat(((ProviderException) failure.get()).retryable()).isTrue();
    assertNoProcessLeft(taskPid);
  }

  @Test
  void theTimeoutFromTheDefinitionStopsTheRun() throws Exception {
    Path pidFile = temp.resolve("task.pid");
    ResourceSpec spec =
        playbook(
            "slow.yml",
            Map.of("extraVars", Map.of("pid_file", pidFile.toString())),
            // long enough for the slow task to start (and write its pid) on a loaded machine
            Duration.ofSeconds(20));

    assertThatThrownBy(() -> handler.apply(spec, Plan.create(), context()))
        .isInstanceOf(ProviderException.class)
        .hasMessage(
            "ansible-playbook did not finish within 20s (the resource's timeout); its processes"
                + " were stopped");
    assertThat(pidFile).as("the slow task started before the timeout").isNotEmptyFile();
    assertNoProcessLeft(Long.parseLong(Files.readString(pidFile).strip()));
  }

  @Test
  void aTimeoutTheResourceDidNotSetIsNamedTheDefault() throws Exception {
    Path pidFile = temp.resolve("task.pid");
    AnsibleRunner.RunOptions options =
        new AnsibleRunner.RunOptions(false, null, List.of(), Duration.ofSeconds(5), true);

    try (PrivateDataDir dir =
        PrivateDataDir.create(
            temp.resolve("home/dev/play"),
            tree,
            "ansible/slow.yml",
            null,
            Map.of("pid_file", pidFile.toString()))) {
      assertThatThrownBy(() -> new AnsibleRunner("ansible-runner").run(dir, options, e -> {}))
          .hasMessage(
              "ansible-playbook did not finish within 5s (the default timeout: set the resource's"
                  + " timeout to allow longer); its processes were stopped");
    }
    assertThat(leftoverRuns()).isEmpty();
  }

  @Test
  void aMissingAnsibleRunnerSaysHowToInstallIt() {
    ProviderSettings settings =
        new ProviderSettings(
            "ansible", Map.of("binary", temp.resolve("no/ansible-runner").toString()), null, null);
    ResourceSpec spec = playbook("site.yml", Map.of());

    assertThatThrownBy(() -> handler.apply(spec, Plan.create(), context(settings)))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("ansible-runner not found")
        .hasMessageContaining("apt-get install -y ansible-core python3-ansible-runner")
        .satisfies(e -> assertThat(((ProviderException) e).retryable()).isFalse());
  }

  @Test
  void deleteUndoesNothingAndForgetsThePlaybook() throws Exception {
    ResourceSpec spec = playbook("site.yml", Map.of());
    handler.apply(spec, Plan.create(), context());

    handler.delete(
        new ManagedResource("dev", "play", AnsiblePlaybookHandler.TYPE, "ansible/site.yml", null),
        context());

    assertThat(target.resolve("localhost.conf")).exists();
    assertThat(handler.observe(spec, context()).exists()).isFalse();
    assertThat(new AnsibleProvider().listManaged("dev", context())).isEmpty();
  }

  private List<Path> leftoverRuns() {
    Path work = temp.resolve("home/dev/play");
    try (var entries = Files.list(work)) {
      return entries.filter(p -> p.getFileName().toString().startsWith("run-")).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long awaitPid(Path pidFile) throws Exception {
    for (int i = 0; i < 600; i++) {
      if (Files.isRegularFile(pidFile) && !Files.readString(pidFile).isBlank()) {
        return Long.parseLong(Files.readString(pidFile).strip());
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the slow task never started");
  }

  private void assertNoProcessLeft(long taskPid) {
    assertThat(ProcessHandle.of(taskPid).filter(ProcessHandle::isAlive))
        .as("the task's own process")
        .isEmpty();
    String folder = temp.toString();
    assertThat(
            ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(folder))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList())
        .as("no process of the run outlives it")
        .isEmpty();
    assertThat(leftoverRuns()).isEmpty();
  }
}
