package dev.bulwark.targets;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store that is up but broken: every request on loopback gets 500 InternalError with an
 * S3/OSS-style error body. Counts requests so tests can show that retries are bounded.
 */
public final class TestingFailingServer implements AutoCloseable {
  private static final byte[] BODY =
      ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code>"
              + "<Message>We encountered an internal error. Please try again.</Message>"
              + "<RequestId>failing-server</RequestId><HostId>127.0.0.1</HostId></Error>")
          .getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final AtomicInteger requests = new AtomicInteger();

  public TestingFailingServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          try (InputStream body = exchange.getRequestBody()) {
            body.transferTo(java.io.OutputStream.nullOutputStream());
          }
          exchange.getResponseHeaders().set("Content-Type", "application/xml");
          exchange.getResponseHeaders().set("x-oss-request-id", "failing-server");
          if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(500, -1);
          } else {
            exchange.sendResponseHeaders(500, BODY.length);
            exchange.getResponseBody().write(BODY);
          }
          exchange.close();
        });
    server.setExecutor(executor);
    server.start();
  }

  /** The base URL, like http://127.0.0.1:PORT. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests answered so far. */
  public int requests() {
    return requests.get();
  }

  /** A loopback URL where nothing listens: a store that is stopped. */
  public static String stoppedEndpoint() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
