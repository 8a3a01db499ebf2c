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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback relay in front of S3Mock that serves the bucket lifecycle sub-resource itself and
 * passes every other request through unchanged. S3Mock 4.12.4 cannot be trusted with lifecycle
 * configurations: {@code PutBucketLifecycleConfiguration} wipes its object index (every object of
 * the bucket is gone from listings, HEAD and GET, its file still on disk), and it names each tag of
 * a lifecycle {@code <And>} filter {@code <Tags>} where S3 writes {@code <Tag>}, so it drops the
 * tags of a prefix-and-tag rule. The relay keeps each bucket's configuration as sent and answers as
 * S3 does: 200 on PUT, the configuration or 404 {@code NoSuchLifecycleConfiguration} on GET, 204 on
 * DELETE, and the store's own answer for a bucket it does not have.
 */
public final class LifecycleXmlRelay implements AutoCloseable {
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "host",
          "connection",
          "content-length",
          "expect",
          "upgrade",
          "transfer-encoding",
          "content-md5");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String upstream;
  private final Map<String, byte[]> configurations = new ConcurrentHashMap<>();

  /** A relay to the S3 endpoint {@code upstream}, listening on a free loopback port. */
  public LifecycleXmlRelay(String upstream) throws IOException {
    this.upstream = upstream;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::relay);
    server.setExecutor(executor);
    server.start();
  }

  /** The relay's endpoint, like http://127.0.0.1:PORT. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void relay(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String query = exchange.getRequestURI().getRawQuery();
      if (query != null && query.contains("lifecycle")) {
        lifecycle(exchange, body);
        return;
      }
      HttpResponse<byte[]> response = forward(exchange, exchange.getRequestURI().toString(), body);
      answer(exchange, response.statusCode(), response.headers().map(), response.body());
    }
  }

  /** Serves Put/Get/DeleteBucketLifecycleConfiguration for a bucket the store has. */
  private void lifecycle(HttpExchange exchange, byte[] body) throws IOException {
    String bucket = exchange.getRequestURI().getPath().replaceAll("^/+|/+$", "");
    // The store decides whether the bucket exists (S3Mock does not check signatures).
    HttpResponse<byte[]> exists =
        send(
            HttpRequest.newBuilder(URI.create(upstream + "/" + bucket + "?list-type=2&max-keys=1"))
                .GET());
    if (exists.statusCode() != 200) {
      answer(exchange, exists.statusCode(), exists.headers().map(), exists.body());
      return;
    }
    switch (exchange.getRequestMethod()) {
      case "PUT" -> {
        configurations.put(bucket, body);
        answer(exchange, 200, Map.of(), new byte[0]);
      }
      case "DELETE" -> {
        configurations.remove(bucket);
        answer(exchange, 204, Map.of(), new byte[0]);
      }
      default -> {
        byte[] stored = configurations.get(bucket);
        if (stored == null) {
          byte[] error =
              ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchLifecycleConfiguration"
                      + "</Code><Message>The lifecycle configuration does not exist</Message>"
                      + "<BucketName>"
                      + bucket
                      + "</BucketName></Error>")
                  .getBytes(StandardCharsets.UTF_8);
          answer(exchange, 404, Map.of("Content-Type", List.of("application/xml")), error);
        } else {
          answer(exchange, 200, Map.of("Content-Type", List.of("application/xml")), stored);
        }
      }
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, String pathAndQuery, byte[] body)
      throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(upstream + pathAndQuery))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      if (!NOT_FORWARDED.contains(header.getKey().toLowerCase())) {
        header.getValue().forEach(v -> request.header(header.getKey(), v));
      }
    }
    return send(request);
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException {
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("relay interrupted", e);
    }
  }

  private static void answer(
      HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body)
      throws IOException {
    headers.forEach(
        (name, values) -> {
          if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
            values.forEach(v -> exchange.getResponseHeaders().add(name, v));
          }
        });
    boolean empty = body.length == 0 || exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, empty ? -1 : body.length);
    if (!empty) {
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
