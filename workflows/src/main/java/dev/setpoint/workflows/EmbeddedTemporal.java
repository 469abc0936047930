package dev.setpoint.workflows;

import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Temporal's Java test server on a free loopback port, in real time: what commands use when {@code
 * TEMPORAL_ADDRESS} is unset. It has no Schedules, no visibility queries and no Web UI.
 */
public final class EmbeddedTemporal implements AutoCloseable {

  private final TestServer.PortBoundTestServer server;
  private final int port;

  private EmbeddedTemporal(TestServer.PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  public static EmbeddedTemporal start() {
    int port = freePort();
    return new EmbeddedTemporal(TestServer.createPortBoundServer(port), port);
  }

  /** {@code 127.0.0.1:PORT}, as {@code TEMPORAL_ADDRESS} would say it. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.close();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException noPort) {
      throw new UncheckedIOException("no free port for the embedded Temporal server", noPort);
    }
  }
}
