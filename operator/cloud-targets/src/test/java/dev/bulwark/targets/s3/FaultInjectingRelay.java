package dev.bulwark.targets.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A transparent loopback relay in front of S3Mock that can make the store fail: while armed, every
 * UploadPart request for the chosen part number is answered with S3's 500 InternalError, the way a
 * store fails mid-upload; every other request (and, when disarmed, every request) is passed through
 * unchanged. S3Mock itself has no error injection.
 */
final class FaultInjectingRelay implements AutoCloseable {
  /** Hop-by-hop headers and those the JDK client sets itself. */
  private static final Set<String> NOT_FORWARDED =
      Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

  private static final byte[] INTERNAL_ERROR =
      ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code>"
              + "<Message>We encountered an internal error. Please try again.</Message>"
              + "<RequestId>fault-injecting-relay</RequestId></Error>")
          .getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String upstream;
  private volatile int failingPart;

  FaultInjectingRelay(String upstream) throws IOException {
    this.upstream = upstream;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::relay);
    server.setExecutor(executor);
    server.start();
  }

  /** The relay's endpoint, like http://127.0.0.1:PORT. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** From now on, fails every upload of part {@code part} of any multipart upload. */
  void failUploadsOfPart(int part) {
    failingPart = part;
  }

  /** Passes everything through again. */
  void stopFailing() {
    failingPart = 0;
  }

  private void relay(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      URI uri = exchange.getRequestURI();
      if (isFailingPartUpload(exchange.getRequestMethod(), uri.getRawQuery())) {
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(500, INTERNAL_ERROR.length);
        exchange.getResponseBody().write(INTERNAL_ERROR);
        return;
      }
      HttpResponse<byte[]> response = forward(exchange, uri, body);
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                  exchange.getResponseHeaders().put(name, values);
                }
              });
      byte[] answer = response.body();
      if (exchange.getRequestMethod().equals("HEAD")) {
        // A HEAD answer has no body but must still say how long the object is.
        response
            .headers()
            .firstValue("content-length")
            .ifPresent(length -> exchange.getResponseHeaders().set("Content-Length", length));
        exchange.sendResponseHeaders(response.statusCode(), -1);
      } else {
        exchange.sendResponseHeaders(
            response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
          exchange.getResponseBody().write(answer);
        }
      }
    }
  }

  private boolean isFailingPartUpload(String method, String query) {
    int part = failingPart;
    if (part == 0 || !method.equals("PUT") || query == null) {
      return false;
    }
    List<String> params = List.of(query.split("&"));
    return params.contains("partNumber=" + part)
        && params.stream().anyMatch(p -> p.startsWith("uploadId="));
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, URI uri, byte[] body)
      throws IOException {
    String target =
        upstream + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(target))
            .method(
                exchange.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      if (!NOT_FORWARDED.contains(header.getKey().toLowerCase())) {
        header.getValue().forEach(v -> request.header(header.getKey(), v));
      }
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("relay interrupted", e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
