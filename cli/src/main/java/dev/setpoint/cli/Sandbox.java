package dev.setpoint.cli;

import dev.setpoint.sandbox.k8s.KubernetesSandbox;
import dev.setpoint.workflows.EmbeddedTemporal;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The services of SPEC §3's sandbox, for trying Setpoint with nothing else installed: an in-memory
 * Kubernetes API with a kubeconfig under {@code SETPOINT_HOME}, {@code moto_server} when it is on
 * the PATH, and (for {@code setpoint sandbox}) the embedded Temporal server. It stops only what it
 * started.
 */
final class Sandbox implements AutoCloseable {

  static final String MOTO_INSTALL = "python3 -m pip install 'moto[server]'";
  static final String REGION = "us-east-1";

  /** What a sandbox lacks, said whenever one starts. */
  static final String LACKS =
      "this is a sandbox, not a real environment: its Kubernetes API stores objects but runs no"
          + " controllers (no Pods, rollouts or garbage collection), moto emulates AWS in memory,"
          + " the embedded Temporal server has no Web UI, and all of it ends when the sandbox"
          + " stops (Terraform state and files written under SETPOINT_HOME stay)";

  /**
   * Where the sandbox's services listen.
   *
   * @param temporalAddress host:port of its Temporal server, or null when the command embeds its
   *     own
   * @param kubeconfig the kubeconfig whose current context is the in-memory API
   * @param awsEndpoint moto's URL, or null when {@code moto_server} is not on the PATH
   * @param home the {@code SETPOINT_HOME} it records itself in
   */
  record Endpoints(String temporalAddress, Path kubeconfig, String awsEndpoint, Path home) {

    /** The variables other shells and scripts set to reach the same services, in order. */
    Map<String, String> variables() {
      Map<String, String> variables = new LinkedHashMap<>();
      if (temporalAddress != null) {
        variables.put("TEMPORAL_ADDRESS", temporalAddress);
      }
      variables.put("KUBECONFIG", kubeconfig.toString());
      if (awsEndpoint != null) {
        variables.put("AWS_ENDPOINT_URL", awsEndpoint);
      }
      variables.put("AWS_ACCESS_KEY_ID", "test");
      variables.put("AWS_SECRET_ACCESS_KEY", "test");
      variables.put("AWS_REGION", REGION);
      variables.put("SETPOINT_HOME", home.toString());
      return variables;
    }

    List<String> exportLines() {
      List<String> lines = new ArrayList<>();
      variables().forEach((name, value) -> lines.add("export " + name + "=" + quoted(value)));
      return lines;
    }

    /**
     * The system properties that point this process's providers and client at the services: the AWS
     * SDK's and fabric8's own, and Setpoint's Temporal one, since a process cannot change its own
     * environment. Without moto the AWS endpoint is a closed local port, so nothing in the sandbox
     * ever reaches real AWS.
     */
    Map<String, String> systemProperties() {
      Map<String, String> properties = new LinkedHashMap<>();
      if (temporalAddress != null) {
        properties.put("setpoint.temporal.address", temporalAddress);
      }
      properties.put("kubeconfig", kubeconfig.toString());
      properties.put("aws.endpointUrl", awsEndpoint == null ? "http://127.0.0.1:9" : awsEndpoint);
      properties.put("aws.accessKeyId", "test");
      properties.put("aws.secretAccessKey", "test");
      properties.put("aws.region", REGION);
      return properties;
    }
  }

  /** Held, since java.util.logging keeps loggers weakly: the mock server logs every request. */
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesSandbox kubernetes;
  private final Process moto;
  private final EmbeddedTemporal temporal;
  private final Endpoints endpoints;
  private final Map<String, String> previousProperties = new HashMap<>();
  private boolean recorded;

  private Sandbox(
      KubernetesSandbox kubernetes, Process moto, EmbeddedTemporal temporal, Endpoints endpoints) {
    this.kubernetes = kubernetes;
    this.moto = moto;
    this.temporal = temporal;
    this.endpoints = endpoints;
  }

  /**
   * Starts the services and points this process at them through system properties (restored on
   * close).
   *
   * @param withTemporal start the embedded Temporal server too ({@code setpoint sandbox}); a
   *     one-command {@code --sandbox} leaves it to the command's own embedded server
   */
  static Sandbox start(Path home, boolean withTemporal) {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    KubernetesSandbox kubernetes = KubernetesSandbox.start();
    Process moto = null;
    EmbeddedTemporal temporal = null;
    try {
      Path kubeconfig = kubernetes.writeKubeconfig(directory(home).resolve("kubeconfig"));
      String motoExecutable = findOnPath("moto_server");
      String awsEndpoint = null;
      if (motoExecutable != null) {
        int port = freePort();
        moto = startMoto(motoExecutable, port, directory(home).resolve("moto.log"));
        awsEndpoint = "http://127.0.0.1:" + port;
      }
      if (withTemporal) {
        temporal = EmbeddedTemporal.start();
      }
      Sandbox sandbox =
          new Sandbox(
              kubernetes,
              moto,
              temporal,
              new Endpoints(
                  temporal == null ? null : temporal.address(), kubeconfig, awsEndpoint, home));
      sandbox.setProperties(sandbox.endpoints.systemProperties());
      return sandbox;
    } catch (RuntimeException failed) {
      stop(moto);
      kubernetes.close();
      throw failed;
    }
  }

  /** The running {@code setpoint sandbox} recorded under {@code home}, if its process is alive. */
  static Optional<Endpoints> running(Path home) {
    Path record = directory(home).resolve("sandbox.env");
    if (!Files.isRegularFile(record)) {
      return Optional.empty();
    }
    Map<String, String> variables = new HashMap<>();
    long pid = -1;
    try {
      for (String line : Files.readAllLines(record)) {
        if (line.startsWith("# pid ")) {
          pid = Long.parseLong(line.substring("# pid ".length()).strip());
        } else if (line.startsWith("export ") && line.contains("=")) {
          String assignment = line.substring("export ".length());
          int equals = assignment.indexOf('=');
          variables.put(
              assignment.substring(0, equals), unquoted(assignment.substring(equals + 1)));
        }
      }
    } catch (IOException | NumberFormatException unreadable) {
      return Optional.empty();
    }
    boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    String address = variables.get("TEMPORAL_ADDRESS");
    if (!alive || address == null || !listening(address)) {
      return Optional.empty(); // a sandbox that was killed leaves its record behind
    }
    return Optional.of(
        new Endpoints(
            address,
            Path.of(variables.get("KUBECONFIG")),
            variables.get("AWS_ENDPOINT_URL"),
            home));
  }

  /** Records this sandbox under {@code SETPOINT_HOME}, so {@code --sandbox} finds it. */
  void record() {
    List<String> lines = new ArrayList<>();
    lines.add("# setpoint sandbox; removed when it stops");
    lines.add("# pid " + ProcessHandle.current().pid());
    lines.addAll(endpoints.exportLines());
    try {
      Files.write(directory(endpoints.home()).resolve("sandbox.env"), lines);
      recorded = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the sandbox under " + endpoints.home(), e);
    }
  }

  Endpoints endpoints() {
    return endpoints;
  }

  /**
   * The sandbox one command runs against: the running {@code setpoint sandbox} when there is one,
   * so state lasts from one command to the next; else services started for this command alone.
   */
  static Sandbox forCommand(Path home) {
    Optional<Endpoints> running = running(home);
    if (running.isEmpty()) {
      return start(home, false);
    }
    Sandbox borrowed = new Sandbox(null, null, null, running.get());
    borrowed.setProperties(running.get().systemProperties());
    return borrowed;
  }

  /** Whether this command uses a running {@code setpoint sandbox} rather than its own services. */
  boolean borrowed() {
    return kubernetes == null;
  }

  @Override
  public void close() {
    restoreProperties();
    try {
      if (temporal != null) {
        temporal.close();
      }
    } finally {
      stop(moto);
      if (kubernetes != null) {
        kubernetes.close();
      }
      if (recorded) {
        try {
          Files.deleteIfExists(directory(endpoints.home()).resolve("sandbox.env"));
        } catch (IOException ignored) {
          // A stale record is harmless: running() checks the process and the port.
        }
      }
    }
  }

  private void setProperties(Map<String, String> properties) {
    properties.forEach(
        (name, value) -> previousProperties.put(name, System.setProperty(name, value)));
  }

  private void restoreProperties() {
    previousProperties.forEach(
        (name, previous) -> {
          if (previous == null) {
            System.clearProperty(name);
          } else {
            System.setProperty(name, previous);
          }
        });
    previousProperties.clear();
  }

  static Path directory(Path home) {
    Path directory = home.resolve("sandbox");
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + directory, e);
    }
    return directory;
  }

  private static Process startMoto(String executable, int port, Path log) {
    Process process;
    try {
      process =
          new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", Integer.toString(port))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new CommandException("cannot start " + executable + ": " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!listening("127.0.0.1:" + port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        stop(process);
        throw new CommandException(
            "moto_server did not start on port "
                + port
                + ": see "
                + log
                + ", or reinstall it: "
                + MOTO_INSTALL);
      }
      sleep(100);
    }
    return process;
  }

  /** Stops moto and the processes it started (a pyenv shim may sit in between), nothing else. */
  private static void stop(Process process) {
    if (process == null) {
      return;
    }
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
      }
    } catch (InterruptedException interrupted) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static boolean listening(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    try (Socket socket = new Socket()) {
      socket.connect(
          new java.net.InetSocketAddress(
              hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1))),
          1000);
      return true;
    } catch (IOException | RuntimeException unreachable) {
      return false;
    }
  }

  static String findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String folder : path.split(File.pathSeparator)) {
      Path candidate = Path.of(folder, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException noPort) {
      throw new UncheckedIOException("no free port for moto_server", noPort);
    }
  }

  private static String quoted(String value) {
    return value.matches("[A-Za-z0-9_./:@=-]*") ? value : "'" + value.replace("'", "'\\''") + "'";
  }

  private static String unquoted(String value) {
    return value.startsWith("'") && value.endsWith("'") && value.length() >= 2
        ? value.substring(1, value.length() - 1).replace("'\\''", "'")
        : value;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new CommandException("interrupted");
    }
  }
}
