package dev.setpoint.cli.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives push webhooks on {@code POST /webhook} and hands each verified push to a {@link
 * PushListener}. Rejected requests are logged by reason and sender, never with their payload.
 */
public final class WebhookServer implements AutoCloseable {

  /** The path Git hosts post to. */
  public static final String PATH = "/webhook";

  /** Push payloads are a few kilobytes; anything far larger is not one. */
  private static final int MAX_BODY_BYTES = 5 * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);

  /** What a verified push triggers; returns how many controllers it signalled. */
  @FunctionalInterface
  public interface PushListener {
    int pushed(PushEvent push);
  }

  private final HttpServer server;
  private final ExecutorService executor;

  private WebhookServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts serving on {@code address}; port 0 picks a free one (see {@link #port()}). */
  public static WebhookServer start(
      InetSocketAddress address, PushRequests requests, PushListener listener) throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    ExecutorService executor = Executors.newFixedThreadPool(2, WebhookServer::daemon);
    server.setExecutor(executor);
    server.createContext(PATH, exchange -> handle(exchange, requests, listener));
    server.start();
    return new WebhookServer(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void handle(HttpExchange exchange, PushRequests requests, PushListener listener)
      throws IOException {
    try (exchange) {
      String sender = exchange.getRemoteAddress().getAddress().getHostAddress();
      if (!exchange.getRequestMethod().equals("POST")
          || !exchange.getRequestURI().getPath().equals(PATH)) {
        respond(exchange, 404, Map.of("error", "POST push events to " + PATH));
        return;
      }
      byte[] body = readBody(exchange.getRequestBody());
      if (body == null) {
        log.warn("rejected webhook from {}: body over {} bytes", sender, MAX_BODY_BYTES);
        respond(exchange, 413, Map.of("error", "body too large"));
        return;
      }
      PushRequests.Outcome outcome =
          requests.read(PushRequests.headers(exchange.getRequestHeaders()), body);
      if (outcome instanceof PushRequests.Rejected rejected) {
        log.warn("rejected webhook from {}: {}", sender, rejected.reason());
        respond(exchange, rejected.status(), Map.of("error", rejected.reason()));
      } else if (outcome instanceof PushRequests.Ignored ignored) {
        log.info("webhook from {} ignored: {}", sender, ignored.reason());
        respond(exchange, 200, Map.of("ignored", ignored.reason()));
      } else if (outcome instanceof PushRequests.Accepted accepted) {
        PushEvent push = accepted.push();
        int signalled = listener.pushed(push);
        log.info(
            "{} push to {} {} ({}): sync signalled to {} controller(s)",
            push.source(),
            push.repositoryUrls().get(0),
            push.branch(),
            push.commit(),
            signalled);
        respond(exchange, 202, Map.of("signalled", signalled));
      }
    } catch (RuntimeException e) {
      log.warn("webhook failed: {}", e.toString());
      respond(
          exchange, 500, Map.of("error", "the push could not be handled; see the worker's log"));
    }
  }

  private static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    return body.length > MAX_BODY_BYTES ? null : body;
  }

  private static void respond(HttpExchange exchange, int status, Map<String, ?> json)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(json);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "setpoint-webhook");
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }
}
