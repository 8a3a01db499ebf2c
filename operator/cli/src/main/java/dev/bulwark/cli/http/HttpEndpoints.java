package dev.bulwark.cli.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /} (the read-only status page, when the runtime gives one), {@code GET
 * /metrics} (Prometheus text format), {@code GET /healthz} (200 while the process's loop is alive,
 * for liveness probes) and {@code GET /readyz} (200 once the runtime serves, for readiness probes).
 * HEAD works wherever GET does; other methods get 405 and other paths 404. The server's threads are
 * daemons, so it never keeps the JVM alive.
 */
public final class HttpEndpoints implements AutoCloseable {
  /** The content type of the Prometheus text exposition format. */
  public static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String HTML = "text/html; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Supplier<String> metrics;
  private final BooleanSupplier live;
  private final BooleanSupplier ready;
  private final Supplier<String> page;

  private HttpEndpoints(
      HttpServer server,
      ExecutorService executor,
      Supplier<String> metrics,
      BooleanSupplier live,
      BooleanSupplier ready,
      Supplier<String> page) {
    this.server = server;
    this.executor = executor;
    this.metrics = metrics;
    this.live = live;
    this.ready = ready;
    this.page = page;
  }

  /**
   * Like {@link #start(String, int, Supplier, BooleanSupplier, BooleanSupplier, Supplier)} without
   * a status page.
   */
  public static HttpEndpoints start(
      String host,
      int port,
      Supplier<String> metrics,
      BooleanSupplier live,
      BooleanSupplier ready) {
    return start(host, port, metrics, live, ready, null);
  }

  /**
   * Starts serving on {@code host:port} ({@code port} 0 picks a free port; see {@link #port()}).
   *
   * @param metrics renders the Prometheus text, e.g. {@code OperatorMetrics::scrape}
   * @param live whether the process's reconcile loop is alive
   * @param ready whether the runtime is ready to serve (started, synced, leader or standby)
   * @param page renders the HTML status page served on {@code /}; null for none (404)
   * @throws IllegalStateException when the address cannot be bound, with the address and a hint
   */
  public static HttpEndpoints start(
      String host,
      int port,
      Supplier<String> metrics,
      BooleanSupplier live,
      BooleanSupplier ready,
      Supplier<String> page) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(ready, "ready");
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (BindException e) {
      throw new IllegalStateException(
          "cannot serve /metrics on "
              + host
              + ":"
              + port
              + ": "
              + e.getMessage()
              + " (choose another --http-port or BULWARK_HTTP_PORT, 0 for any free port, -1 to"
              + " disable)",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve /metrics on " + host + ":" + port, e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(2, daemonThreads());
    HttpEndpoints endpoints = new HttpEndpoints(server, executor, metrics, live, ready, page);
    server.createContext("/", endpoints::handle);
    server.setExecutor(executor);
    server.start();
    LOG.info(
        "serving {}/metrics, /healthz and /readyz on {}:{}",
        page == null ? "" : "the status page on /, ",
        host,
        server.getAddress().getPort());
    return endpoints;
  }

  /** The port actually bound; differs from the requested one when that was 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops serving at once; requests in progress are cut off. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      boolean known =
          path.equals("/metrics")
              || path.equals("/healthz")
              || path.equals("/readyz")
              || (page != null && path.equals("/"));
      if (!known) {
        respond(
            exchange,
            404,
            TEXT,
            "not found: try "
                + (page == null ? "" : "/ (the status page), ")
                + "/metrics, /healthz or /readyz\n");
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, TEXT, "method not allowed: use GET\n");
      } else if (path.equals("/")) {
        // The page reloads itself; an intermediate cache must not serve an old verdict.
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        respond(exchange, 200, HTML, page.get());
      } else if (path.equals("/metrics")) {
        respond(exchange, 200, METRICS_CONTENT_TYPE, metrics.get());
      } else if (path.equals("/healthz")) {
        probe(exchange, live, "not live: the reconcile loop has stopped\n");
      } else {
        probe(exchange, ready, "not ready: the runtime is starting, stopping or disconnected\n");
      }
    } catch (RuntimeException e) {
      // A failing supplier must not kill the server thread; the probe or scraper sees a 500.
      LOG.warn(
          "HTTP {} {} failed: {}",
          exchange.getRequestMethod(),
          exchange.getRequestURI().getPath(),
          e.toString());
      try {
        respond(exchange, 500, TEXT, "internal error: " + e.getClass().getSimpleName() + "\n");
      } catch (IOException | RuntimeException ignored) {
        // The response had already started; the client sees a cut-off body.
      }
    } finally {
      exchange.close();
    }
  }

  private static void probe(HttpExchange exchange, BooleanSupplier check, String failure)
      throws IOException {
    if (check.getAsBoolean()) {
      respond(exchange, 200, TEXT, "ok\n");
    } else {
      respond(exchange, 503, TEXT, failure);
    }
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1); // headers only; the server adds no body
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "bulwark-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
