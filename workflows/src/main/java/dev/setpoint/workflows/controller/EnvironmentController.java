package dev.setpoint.workflows.controller;

import dev.setpoint.workflows.EnvironmentSource;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The pull-mode GitOps agent of one environment (SPEC §4): polls its branch every {@code
 * sync.interval} and applies each new commit in a child {@code ReconcileEnvironment}, audits drift
 * every {@code sync.driftInterval}, and runs until stopped, continuing as new as its history grows.
 */
@WorkflowInterface
public interface EnvironmentController {

  /** Runs until {@link #stop}; returns the status it ended with. */
  @WorkflowMethod
  ControllerStatus control(ControllerRequest request);

  /** Polls the branch now instead of at the next interval (the CLI, and later webhooks). */
  @SignalMethod
  void sync();

  /** Holds applies and reverts; drift is still audited and reported. */
  @SignalMethod
  void suspend();

  /** Lifts {@link #suspend} and a {@link #pin}, and catches up to the newest commit at once. */
  @SignalMethod
  void resume();

  /**
   * Holds the controller at {@code commitId} (a rollback): it applies that commit now, superseding
   * a run in flight, and no newer commit until {@link #resume}.
   */
  @SignalMethod
  void pin(String commitId);

  /** Ends the controller once a run in flight has finished its steps in flight. */
  @SignalMethod
  void stop();

  @QueryMethod
  ControllerStatus status();

  /**
   * What the Temporal UI shows of a controller without a query: where it reads from. The client
   * sets it at start and the controller again at each continue-as-new, which does not carry it.
   */
  static Map<String, Object> memo(EnvironmentSource source) {
    Map<String, Object> memo = new LinkedHashMap<>();
    memo.put("repository", source.repository());
    memo.put("path", source.path());
    memo.put("ref", source.ref() == null ? "HEAD" : source.ref());
    return memo;
  }

  /**
   * {@code setpoint-<env>-controller-<8 hex>}: names the environment (its folder, conventionally
   * {@code environments/<name>}) and hashes where it is read from, so that starting the same
   * environment twice finds the same workflow, and two repositories never share one. The repository
   * and branch are hashed in the one spelling of {@link RepositoryUrls}, so {@code
   * https://host/r.git} and {@code https://host/r/}, or {@code refs/heads/main} and {@code main},
   * find the same controller.
   */
  static String workflowId(String repository, String path, String ref) {
    String normalized = normalizePath(path);
    String folder = normalized.substring(normalized.lastIndexOf('/') + 1);
    String label = folder.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    String branch = RepositoryUrls.branch(ref);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (RepositoryUrls.canonical(repository)
                          + "\n"
                          + normalized
                          + "\n"
                          + (branch == null ? "HEAD" : branch))
                      .getBytes(StandardCharsets.UTF_8));
      return "setpoint-" + label + "-controller-" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", impossible);
    }
  }

  /** {@code envs/dev/}, {@code envs/dev} and {@code envs/dev/environment.yaml} are one place. */
  static String normalizePath(String path) {
    String normalized = path.replace('\\', '/');
    while (normalized.endsWith("/")) {
      normalized = normalized.substring(0, normalized.length() - 1);
    }
    if (normalized.endsWith("/environment.yaml")) {
      normalized = normalized.substring(0, normalized.length() - "/environment.yaml".length());
    }
    return normalized.isEmpty() || normalized.equals("environment.yaml") ? "." : normalized;
  }
}
