package dev.setpoint.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code setpoint doctor}: what this machine has for running Setpoint, and how to add the rest. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Check this machine: Java, Temporal (TEMPORAL_ADDRESS reachable, or embedded), terraform,"
          + " ansible-runner, moto_server (for the sandbox), the kubeconfig and its context, AWS"
          + " credentials. Prints what is missing with the command that installs it.",
      "Exit codes: 0 everything the quickstart needs is there, 1 something is missing."
    })
final class DoctorCommand implements Callable<Integer> {

  @ParentCommand SetpointCommand parent;

  /** One finding: {@code required} ones decide the exit code; the others only advise. */
  record Check(String name, boolean ok, boolean required, String detail) {}

  @Override
  public Integer call() {
    PrintWriter out = parent.out();
    List<Check> checks = checks();
    boolean healthy = true;
    for (Check check : checks) {
      String mark = check.ok() ? "ok  " : check.required() ? "MISSING" : "note";
      out.printf("%-7s %-15s %s%n", mark, check.name(), check.detail());
      healthy &= check.ok() || !check.required();
    }
    out.println(
        healthy
            ? "ready: ./setpoint apply examples/quickstart --sandbox"
            : "not ready: install what is MISSING above (.ci/prerequisites installs ansible-runner"
                + " and moto_server)");
    out.flush();
    return healthy ? 0 : 1;
  }

  static List<Check> checks() {
    List<Check> checks = new ArrayList<>();
    int java = Runtime.version().feature();
    checks.add(
        new Check(
            "java",
            java >= 17,
            true,
            "Java " + Runtime.version() + (java >= 17 ? "" : ": Setpoint needs 17 or newer")));
    checks.add(temporal());
    checks.add(
        tool(
            "terraform",
            List.of("terraform", "version"),
            "install it: https://developer.hashicorp.com/terraform/install"));
    checks.add(
        tool(
            "ansible-runner",
            List.of("ansible-runner", "--version"),
            "install it: apt-get install -y ansible-core python3-ansible-runner"));
    String moto = Sandbox.findOnPath("moto_server");
    checks.add(
        new Check(
            "moto_server",
            moto != null,
            true,
            moto != null
                ? moto + " (the sandbox's AWS)"
                : "not on the PATH; the sandbox has no AWS without it: " + Sandbox.MOTO_INSTALL));
    checks.add(kubeconfig());
    checks.add(awsCredentials());
    return checks;
  }

  private static Check temporal() {
    TemporalSettings settings = TemporalSettings.fromEnvironment();
    if (settings.embedded()) {
      return new Check(
          "temporal", true, true, "embedded (TEMPORAL_ADDRESS unset): each command starts its own");
    }
    boolean reachable = Sandbox.listening(settings.address());
    return new Check(
        "temporal",
        reachable,
        true,
        settings.address()
            + (reachable
                ? " (TEMPORAL_ADDRESS) answers"
                : " (TEMPORAL_ADDRESS) does not answer: start it (or `setpoint sandbox`), or"
                    + " unset TEMPORAL_ADDRESS to use the embedded server"));
  }

  /** A tool on the PATH, with the first line of its version output. */
  private static Check tool(String name, List<String> versionCommand, String install) {
    String executable = Sandbox.findOnPath(versionCommand.get(0));
    if (executable == null) {
      return new Check(name, false, true, "not on the PATH: " + install);
    }
    try {
      // Standard output only: terraform warns on stderr about a missing CLI configuration file.
      Process process =
          new ProcessBuilder(versionCommand).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      process.getOutputStream().close();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Check(name, false, true, executable + " did not answer --version in 20 s");
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String first = output.lines().findFirst().orElse("").strip();
      return new Check(name, process.exitValue() == 0, true, executable + ": " + first);
    } catch (IOException failed) {
      return new Check(name, false, true, "cannot run " + executable + ": " + failed.getMessage());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return new Check(name, false, true, "interrupted");
    }
  }

  private static Check kubeconfig() {
    String configured = System.getProperty("kubeconfig", System.getenv("KUBECONFIG"));
    Path file =
        configured != null && !configured.isBlank()
            ? Path.of(configured.split(java.io.File.pathSeparator)[0])
            : Path.of(System.getProperty("user.home"), ".kube", "config");
    if (!Files.isRegularFile(file)) {
      return new Check(
          "kubeconfig",
          false,
          false,
          "none at "
              + file
              + ": set KUBECONFIG for a real cluster; --sandbox and `setpoint sandbox` bring their"
              + " own");
    }
    String context = "(no current-context)";
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith("current-context:")) {
          context = line.substring("current-context:".length()).strip();
        }
      }
    } catch (IOException unreadable) {
      return new Check("kubeconfig", false, false, "cannot read " + file + ": " + unreadable);
    }
    return new Check("kubeconfig", true, false, file + ", current context " + context);
  }

  private static Check awsCredentials() {
    boolean keys =
        present(System.getProperty("aws.accessKeyId", System.getenv("AWS_ACCESS_KEY_ID")));
    boolean profile = present(System.getenv("AWS_PROFILE"));
    Path shared = Path.of(System.getProperty("user.home"), ".aws", "credentials");
    if (keys || profile || Files.isRegularFile(shared)) {
      String endpoint = System.getProperty("aws.endpointUrl", System.getenv("AWS_ENDPOINT_URL"));
      return new Check(
          "aws",
          true,
          false,
          (keys ? "AWS_ACCESS_KEY_ID" : profile ? "AWS_PROFILE" : shared.toString())
              + (present(endpoint) ? ", endpoint " + endpoint : ""));
    }
    return new Check(
        "aws",
        false,
        false,
        "no credentials (AWS_ACCESS_KEY_ID, AWS_PROFILE or ~/.aws/credentials): needed for real"
            + " AWS; --sandbox and `setpoint sandbox` use moto with test keys");
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
