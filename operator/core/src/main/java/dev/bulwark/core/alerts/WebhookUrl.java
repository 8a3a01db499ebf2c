package dev.bulwark.core.alerts;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * A webhook address, and the only form of it that may be logged: its host. Webhook URLs carry
 * tokens in their userinfo, path (Slack, Teams) or query, so everything but the host is secret.
 */
final class WebhookUrl {
  private final URI uri;

  private WebhookUrl(URI uri) {
    this.uri = uri;
  }

  /** The URL, when it is an absolute http or https URL with a host; empty otherwise. */
  static Optional<WebhookUrl> parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(raw.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return Optional.of(new WebhookUrl(uri));
      }
    } catch (URISyntaxException e) {
      // URISyntaxException's message quotes the input, which may hold a token: report nothing of
      // it.
    }
    return Optional.empty();
  }

  /** Where to send the request: the URL without its userinfo, which goes in a header instead. */
  URI target() {
    if (uri.getRawUserInfo() == null) {
      return uri;
    }
    // Raw parts keep the path and query byte-for-byte as configured (decoding and re-encoding
    // would turn an escaped "%2B" in a token into "+").
    StringBuilder target = new StringBuilder(uri.getScheme()).append("://").append(uri.getHost());
    if (uri.getPort() >= 0) {
      target.append(':').append(uri.getPort());
    }
    target.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    if (uri.getRawQuery() != null) {
      target.append('?').append(uri.getRawQuery());
    }
    return URI.create(target.toString());
  }

  /**
   * The {@code Authorization} header for a URL with userinfo ({@code https://user:pass@host/...}),
   * since Java's HTTP client does not send userinfo itself.
   */
  Optional<String> basicAuthorization() {
    String userInfo = uri.getUserInfo();
    if (userInfo == null || userInfo.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
  }

  /** The host, safe to log. */
  String host() {
    return uri.getHost();
  }

  /**
   * {@code text} with every secret-bearing part of this URL replaced by {@code ***}, for exception
   * messages that might quote the request.
   */
  String redact(String text) {
    if (text == null) {
      return "";
    }
    String out = text;
    for (String secret :
        new String[] {
          uri.toString(),
          uri.getRawUserInfo(),
          uri.getUserInfo(),
          uri.getRawQuery(),
          uri.getQuery(),
          uri.getRawPath(),
          uri.getPath(),
          uri.getRawFragment()
        }) {
      if (secret != null && secret.length() > 1) {
        out = out.replace(secret, "***");
      }
    }
    return out;
  }

  /** Never the URL itself: only the host, so a stray log of this object leaks nothing. */
  @Override
  public String toString() {
    return host();
  }
}
