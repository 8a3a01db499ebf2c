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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback relay in front of S3Mock for lifecycle requests only. S3Mock 4.12.4 names each tag of
 * a lifecycle {@code <And>} filter {@code <Tags>} where S3 (and the SDK) write {@code <Tag>}, so it
 * silently drops the tags of a prefix-and-tag rule. The relay renames them on the way in and back
 * out; everything else passes through unchanged.
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
  private static final Pattern AND = Pattern.compile("<And>(.*?)</And>", Pattern.DOTALL);

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String upstream;

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
      boolean lifecycle = query != null && query.contains("lifecycle");
      if (lifecycle) {
        body = rename(body, "Tag", "Tags");
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI().toString()))
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
        String name = header.getKey().toLowerCase();
        // The rewritten body no longer matches the SDK's checksum of it; S3Mock checks none here.
        if (!NOT_FORWARDED.contains(name) && !name.startsWith("x-amz-checksum")) {
          header.getValue().forEach(v -> request.header(header.getKey(), v));
        }
      }
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("relay interrupted", e);
      }
      byte[] answer = lifecycle ? rename(response.body(), "Tags", "Tag") : response.body();
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                  values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
              });
      boolean empty = answer.length == 0 || exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : answer.length);
      if (!empty) {
        exchange.getResponseBody().write(answer);
      }
    }
  }

  private static byte[] rename(byte[] xml, String from, String to) {
    String text = new String(xml, StandardCharsets.UTF_8);
    Matcher and = AND.matcher(text);
    StringBuilder out = new StringBuilder();
    while (and.find()) {
      String inner =
          and.group(1)
              .replace("<" + from + ">", "<" + to + ">")
              .replace("</" + from + ">", "</" + to + ">");
      and.appendReplacement(out, Matcher.quoteReplacement("<And>" + inner + "</And>"));
    }
    and.appendTail(out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
