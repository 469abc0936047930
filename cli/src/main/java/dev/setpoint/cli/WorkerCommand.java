package dev.setpoint.cli;

import dev.setpoint.cli.webhook.ControllerSync;
import dev.setpoint.cli.webhook.PushRequests;
import dev.setpoint.cli.webhook.WebhookServer;
import dev.setpoint.orchestrator.git.TrustedSigners;
import dev.setpoint.orchestrator.provider.Provider;
import dev.setpoint.orchestrator.provider.ProviderRegistry;
import dev.setpoint.workflows.RunSettings;
import dev.setpoint.workflows.SetpointWorkers;
import dev.setpoint.workflows.TemporalConnection;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code setpoint worker}: a long-running Temporal worker for a server named by TEMPORAL_ADDRESS.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run Temporal workers against the server at TEMPORAL_ADDRESS (namespace TEMPORAL_NAMESPACE,"
          + " default \"default\") until interrupted. On the default task queue \"setpoint\" it"
          + " runs the workflows and every provider's steps; on another --task-queue only the"
          + " steps of --providers, so a worker inside a cluster or an account holds only that"
          + " target's credentials.",
      "Exit codes: 0 stopped, 1 could not start."
    })
final class WorkerCommand implements Callable<Integer> {

  /** The environment variable holding the shared secret of push webhooks. */
  static final String WEBHOOK_SECRET = "SETPOINT_WEBHOOK_SECRET";

  @ParentCommand SetpointCommand parent;

  @Option(
      names = "--task-queue",
      paramLabel = "QUEUE",
      defaultValue = RunSettings.DEFAULT_TASK_QUEUE,
      description =
          "The task queue to poll (providers.<name>.taskQueue in the definition). Default:"
              + " ${DEFAULT-VALUE}, which also runs the workflows.")
  String taskQueue;

  @Option(
      names = "--providers",
      paramLabel = "NAME",
      split = ",",
      description = "Serve only these providers (aws, kubernetes or k8s, terraform, ansible).")
  List<String> providerNames;

  @Mixin TrustOptions trust = new TrustOptions();

  @Option(
      names = "--webhook-port",
      paramLabel = "PORT",
      description =
          "Also receive push webhooks (GitHub, GitLab, or HMAC-signed generic) on POST"
              + " /webhook at this port, and signal sync to the controllers of the pushed"
              + " repository and branch. The secret comes from "
              + WEBHOOK_SECRET
              + ".")
  Integer webhookPort;

  @Option(
      names = "--webhook-address",
      paramLabel = "HOST",
      defaultValue = "0.0.0.0",
      description = "The address the webhook listens on. Default: ${DEFAULT-VALUE}.")
  String webhookAddress;

  /** Counted down to stop the workers; a shutdown hook or an interrupt does it. */
  private final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() {
    PrintWriter out = parent.out();
    TemporalSettings settings = TemporalSettings.fromEnvironment();
    if (settings.embedded()) {
      throw new CommandException(
          "setpoint worker serves a Temporal server: set TEMPORAL_ADDRESS (host:port), or run"
              + " plan, apply, drift or destroy without it to use their embedded server and"
              + " worker");
    }
    TrustedSigners signers = trust.signers();
    PushRequests pushes = webhookPort == null ? null : new PushRequests(webhookSecret());
    ProviderRegistry providers = ProviderRegistry.of(selectedProviders().toArray(Provider[]::new));
    boolean workflows = taskQueue.equals(RunSettings.DEFAULT_TASK_QUEUE);
    try (TemporalConnection connection = TemporalSession.connect(settings);
        providers) {
      connection.registerSearchAttributes();
      SetpointWorkers workers =
          TemporalSession.startWorkers(
              connection, providers, workflows ? taskQueue : null, Set.of(taskQueue), signers);
      WebhookServer webhook = null;
      if (pushes != null) {
        webhook = startWebhook(pushes, connection);
      }
      Thread hook = new Thread(stop::countDown, "setpoint-worker-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      out.println(
          "worker on task queue \""
              + taskQueue
              + "\" at "
              + settings.address()
              + " (namespace "
              + settings.namespace()
              + "): "
              + (workflows ? "workflows and " : "")
              + "steps of providers "
              + (providers.providers().isEmpty()
                  ? "(none)"
                  : String.join(", ", providers.providers().stream().map(Provider::name).toList()))
              + (signers.enforced() ? "; applies only commits signed by a listed key" : "")
              + (webhook == null
                  ? ""
                  : "; push webhooks on http://"
                      + webhookAddress
                      + ":"
                      + webhook.port()
                      + WebhookServer.PATH)
              + "; stop it with Ctrl-C");
      out.flush();
      try {
        stop.await();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      } finally {
        if (webhook != null) {
          webhook.close();
        }
        workers.close();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The JVM is exiting: the hook has already run.
        }
      }
      out.println("worker stopped");
      return 0;
    }
  }

  /** Every provider on the class path, or those --providers names; {@code k8s} is kubernetes. */
  private List<Provider> selectedProviders() {
    List<Provider> all = new ArrayList<>();
    ServiceLoader.load(Provider.class).forEach(all::add);
    if (providerNames == null || providerNames.isEmpty()) {
      return all;
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (String name : providerNames) {
      String normalized = name.strip().toLowerCase(Locale.ROOT);
      wanted.add(normalized.equals("k8s") ? "kubernetes" : normalized);
    }
    List<Provider> selected = new ArrayList<>();
    for (Provider provider : all) {
      if (wanted.remove(provider.name())) {
        selected.add(provider);
      } else {
        provider.close();
      }
    }
    if (!wanted.isEmpty()) {
      selected.forEach(Provider::close);
      throw new CommandException(
          "no provider named "
              + String.join(", ", wanted)
              + " in this build (providers here: "
              + (all.isEmpty()
                  ? "none"
                  : String.join(", ", all.stream().map(Provider::name).toList()))
              + ")");
    }
    return selected;
  }

  /** The shared secret of push webhooks; a webhook without one would accept anybody's push. */
  private static String webhookSecret() {
    String secret = System.getProperty("setpoint.webhook.secret", System.getenv(WEBHOOK_SECRET));
    if (secret == null || secret.isBlank()) {
      throw new CommandException(
          "--webhook-port needs the webhook's shared secret in "
              + WEBHOOK_SECRET
              + " (the secret you set in GitHub or GitLab)");
    }
    return secret;
  }

  private WebhookServer startWebhook(PushRequests pushes, TemporalConnection connection) {
    try {
      return WebhookServer.start(
          new InetSocketAddress(webhookAddress, webhookPort),
          pushes,
          new ControllerSync(connection.client()));
    } catch (IOException e) {
      throw new CommandException(
          "cannot listen for webhooks on "
              + webhookAddress
              + ":"
              + webhookPort
              + ": "
              + e.getMessage()
              + " (choose another --webhook-port)");
    }
  }
}
