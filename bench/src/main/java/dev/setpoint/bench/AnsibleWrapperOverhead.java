package dev.setpoint.bench;

import dev.setpoint.orchestrator.model.DeletionPolicy;
import dev.setpoint.orchestrator.model.DriftPolicy;
import dev.setpoint.orchestrator.model.ProviderSettings;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.model.SourceLocation;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.provider.ansible.AnsiblePlaybookHandler;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What Setpoint's Ansible wrapper adds to one playbook run: {@code AnsiblePlaybookHandler.apply} (a
 * fresh private data dir from the commit's files, ansible-runner under setsid with {@code --json},
 * the artifacts read, the folder deleted) against {@code ansible-runner run} started directly on a
 * private data dir prepared once, same playbook, inventory and extra vars. Rounds alternate the two
 * so machine load hits both alike; the figures are medians.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.setpoint.bench.AnsibleWrapperOverhead 15}
 */
public final class AnsibleWrapperOverhead {

  static final String PLAYBOOK =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: write the config
            ansible.builtin.template:
              src: app.conf.j2
              dest: "{{ target_dir }}/app.conf"
          - name: publish
            ansible.builtin.set_stats:
              data: {config: "{{ target_dir }}/app.conf"}
      """;

  static final String TEMPLATE = "network = {{ network_id }}\n";

  static final String INVENTORY =
      """
      all:
        hosts:
          localhost:
            ansible_connection: local
            ansible_python_interpreter: "{{ ansible_playbook_python }}"
      """;

  private AnsibleWrapperOverhead() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    Path root = Files.createTempDirectory("ansible-overhead");
    Path target = Files.createDirectories(root.resolve("target"));
    String extraVars = "{\"target_dir\": \"" + target + "\", \"network_id\": \"net-0abc\"}";

    // the baseline: a private data dir made once, by hand
    Path direct = root.resolve("direct");
    Files.createDirectories(direct.resolve("project"));
    Files.createDirectories(direct.resolve("inventory"));
    Files.createDirectories(direct.resolve("env"));
    Files.writeString(direct.resolve("project/site.yml"), PLAYBOOK);
    Files.writeString(direct.resolve("project/app.conf.j2"), TEMPLATE);
    Files.writeString(direct.resolve("inventory/hosts.yml"), INVENTORY);
    Files.writeString(direct.resolve("env/extravars"), extraVars);

    InMemorySourceTree tree =
        new InMemorySourceTree(
            Map.of("ansible/site.yml", PLAYBOOK, "ansible/app.conf.j2", TEMPLATE));
    ResourceSpec spec =
        new ResourceSpec(
            new ResourceName("configure"),
            AnsiblePlaybookHandler.TYPE,
            Map.of(
                "playbook",
                "ansible/site.yml",
                "extraVars",
                Map.of("target_dir", target.toString(), "network_id", "net-0abc")),
            List.of(),
            DriftPolicy.REVERT,
            DeletionPolicy.DELETE,
            false,
            null,
            null,
            false,
            SourceLocation.startOf("environment.yaml"));
    ProviderContext context =
        new ProviderContext(
            "bench",
            null,
            ProviderSettings.empty("ansible"),
            tree,
            root.resolve("work/configure"),
            detail -> {});
    AnsiblePlaybookHandler handler = new AnsiblePlaybookHandler();

    // one of each first: the file exists, later runs are the steady state "nothing changes"
    handler.apply(spec, Plan.create(), context);
    runDirect(direct, 0);

    List<Long> wrapper = new ArrayList<>();
    List<Long> baseline = new ArrayList<>();
    for (int i = 1; i <= rounds; i++) {
      long start = System.nanoTime();
      handler.apply(spec, Plan.none(), context);
      wrapper.add(System.nanoTime() - start);
      start = System.nanoTime();
      runDirect(direct, i);
      baseline.add(System.nanoTime() - start);
    }
    double w = median(wrapper) / 1e6;
    double b = median(baseline) / 1e6;
    System.out.printf(
        "rounds %d%nansible-runner directly: median %.0f ms (min %.0f, max %.0f)%n"
            + "Setpoint wrapper:        median %.0f ms (min %.0f, max %.0f)%n"
            + "ratio wrapper/direct %.3f, overhead %.0f ms per run%n",
        rounds,
        b,
        Collections.min(baseline) / 1e6,
        Collections.max(baseline) / 1e6,
        w,
        Collections.min(wrapper) / 1e6,
        Collections.max(wrapper) / 1e6,
        w / b,
        w - b);
  }

  private static void runDirect(Path dir, int round) throws Exception {
    Process process =
        new ProcessBuilder(
                "ansible-runner", "run", dir.toString(), "-p", "site.yml", "-i", "r" + round)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("ansible-runner failed in round " + round);
    }
  }

  private static double median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }
}
