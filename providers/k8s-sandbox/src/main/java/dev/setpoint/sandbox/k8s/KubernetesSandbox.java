package dev.setpoint.sandbox.k8s;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An in-memory Kubernetes API on a loopback port: fabric8's mock server in CRUD mode with {@link
 * ServerSideApplyDispatcher}, over plain HTTP. It stores objects and answers the API's CRUD, patch,
 * watch and apply requests; no controller runs (no Pods, no rollout status, no garbage collection).
 * Start it, point a client at {@link #writeKubeconfig}, close it when done.
 */
public final class KubernetesSandbox implements AutoCloseable {

  /** The kubeconfig context (and cluster and user) name {@link #writeKubeconfig} writes. */
  public static final String CONTEXT = "setpoint-sandbox";

  /**
   * The mock server logs every request it answers at INFO through java.util.logging: it floods the
   * console and took 6% of the CPU samples of a profiled run of 1,000 applies. Warnings still show.
   */
  private static final Logger REQUEST_LOG = Logger.getLogger(MockWebServer.class.getName());

  static {
    REQUEST_LOG.setLevel(Level.WARNING);
  }

  private final ServerSideApplyDispatcher dispatcher;
  private final KubernetesMockServer server;

  private KubernetesSandbox(ServerSideApplyDispatcher dispatcher, KubernetesMockServer server) {
    this.dispatcher = dispatcher;
    this.server = server;
  }

  /** Starts on a free loopback port. */
  public static KubernetesSandbox start() {
    return start(0);
  }

  /** Starts on {@code port} of the loopback address, or a free one when it is 0. */
  public static KubernetesSandbox start(int port) {
    ServerSideApplyDispatcher dispatcher = new ServerSideApplyDispatcher();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), port);
    return new KubernetesSandbox(dispatcher, server);
  }

  /** The API's base URL, as {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort();
  }

  public int port() {
    return server.getPort();
  }

  /** A client of this API, for tests and for making changes by hand. */
  public NamespacedKubernetesClient client() {
    return server.createClient();
  }

  /** The dispatcher, for its request counts. */
  public ServerSideApplyDispatcher dispatcher() {
    return dispatcher;
  }

  /**
   * Writes a kubeconfig whose current context, {@value #CONTEXT}, points at this API, and returns
   * its path.
   */
  public Path writeKubeconfig(Path file) {
    String config =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        users:
        - name: %1$s
          user:
            token: sandbox
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
            namespace: default
        current-context: %1$s
        """
            .formatted(CONTEXT, url());
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sandbox kubeconfig " + file, e);
    }
    return file;
  }

  @Override
  public void close() {
    server.destroy();
  }
}
