package dev.bulwark.targets.oss;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request to the test OSS endpoint, parsed for path-style addressing ({@code /bucket/key}):
 * decoded bucket, key and query parameters (a parameter without '=' has a null value, as the SDK
 * signs it), header names in lower case, and the body ({@code null} once recorded in the log).
 */
record OssRequest(
    String method,
    String bucket,
    String key,
    Map<String, String> params,
    Map<String, String> headers,
    byte[] body) {

  static OssRequest parse(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String rest = path.startsWith("/") ? path.substring(1) : path;
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    Map<String, String> params = new TreeMap<>();
    String query = exchange.getRequestURI().getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq < 0) {
          params.put(decode(pair), null);
        } else {
          params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
      }
    }
    Map<String, String> headers = new TreeMap<>();
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      headers.put(header.getKey().toLowerCase(Locale.ROOT), String.join(",", header.getValue()));
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    return new OssRequest(exchange.getRequestMethod(), bucket, key, params, headers, body);
  }

  boolean has(String param) {
    return params.containsKey(param);
  }

  String param(String name) {
    return params.get(name);
  }

  String header(String name) {
    return headers.get(name);
  }

  boolean isObject() {
    return !key.isEmpty();
  }

  /** The same request without its body, for the request log. */
  OssRequest withoutBody() {
    return new OssRequest(method, bucket, key, params, headers, null);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
