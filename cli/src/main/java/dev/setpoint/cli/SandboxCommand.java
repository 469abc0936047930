package dev.setpoint.cli;

import dev.setpoint.orchestrator.provider.ProviderRegistry;
import dev.setpoint.workflows.RunSettings;
import dev.setpoint.workflows.SetpointWorkers;
import dev.setpoint.workflows.TemporalConnection;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code setpoint sandbox}: SPEC §3's sandbox services, until Ctrl-C. */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = {
      "Run a sandbox for trying Setpoint: the embedded Temporal server, an in-memory Kubernetes"
          + " API (kubeconfig under SETPOINT_HOME), moto_server when it is on the PATH, and a"
          + " worker. Prints the export lines that let other shells reach it; plan, apply, drift"
          + " and destroy with --sandbox use it. Ctrl-C stops everything it started."
    })
final class SandboxCommand implements Callable<Integer> {

  @ParentCommand SetpointCommand parent;

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      description = "Also write the export lines to FILE, for `source FILE` in scripts.")
  Path envFile;

  @Option(
      names = "--no-worker",
      description = "Start no worker: run `setpoint worker` against it yourself.")
  boolean noWorker;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() {
    PrintWriter out = parent.out();
    Path home = SetpointHome.directory();
    if (Sandbox.running(home).isPresent()) {
      throw new CommandException(
          "a sandbox is already running for SETPOINT_HOME "
              + home
              + " (see "
              + Sandbox.directory(home).resolve("sandbox.env")
              + "): use it, or stop it first");
    }
    // The hook waits for the cleanup below, so Ctrl-C never leaves moto running.
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              awaitQuietly(stopped);
            },
            "setpoint-sandbox-shutdown");
    try (Sandbox sandbox = Sandbox.start(home, true);
        TemporalConnection connection =
            TemporalConnection.connect(
                sandbox.endpoints().temporalAddress(), TemporalSettings.DEFAULT_NAMESPACE);
        ProviderRegistry providers = ProviderRegistry.load()) {
      connection.registerSearchAttributes();
      SetpointWorkers workers =
          noWorker
              ? null
              : TemporalSession.startWorkers(
                  connection,
                  providers,
                  RunSettings.DEFAULT_TASK_QUEUE,
                  Set.of(RunSettings.DEFAULT_TASK_QUEUE));
      sandbox.record();
      Runtime.getRuntime().addShutdownHook(hook);
      Sandbox.Endpoints endpoints = sandbox.endpoints();
      out.println("setpoint sandbox (SETPOINT_HOME " + home + ")");
      out.println("  temporal:   " + endpoints.temporalAddress() + " (embedded test server)");
      out.println("  kubernetes: in-memory API, kubeconfig " + endpoints.kubeconfig());
      out.println(
          "  aws:        "
              + (endpoints.awsEndpoint() == null
                  ? "none: moto_server is not on the PATH, so AWS resources fail; install it: "
                      + Sandbox.MOTO_INSTALL
                  : "moto_server at " + endpoints.awsEndpoint()));
      out.println(
          "  worker:     "
              + (noWorker ? "none (--no-worker): run `setpoint worker`" : "every provider"));
      out.println("note: " + Sandbox.LACKS);
      out.println("# In another shell, or use --sandbox on plan, apply, drift and destroy:");
      endpoints.exportLines().forEach(out::println);
      if (envFile != null) {
        writeEnvFile(endpoints);
        out.println("# written to " + envFile.toAbsolutePath());
      }
      out.println("# Ctrl-C stops the sandbox");
      out.flush();
      try {
        stop.await();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      } finally {
        if (workers != null) {
          workers.close();
        }
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
        // The JVM is exiting and the hook is running, or start failed before it was added.
      }
      if (envFile != null) {
        deleteQuietly(envFile);
      }
      stopped.countDown();
    }
    out.println("sandbox stopped");
    out.flush();
    return 0;
  }

  private void writeEnvFile(Sandbox.Endpoints endpoints) {
    try {
      Path parent = envFile.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(envFile, endpoints.exportLines());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write --env-file " + envFile, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // Its services are gone either way; a stale file only points at closed ports.
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
