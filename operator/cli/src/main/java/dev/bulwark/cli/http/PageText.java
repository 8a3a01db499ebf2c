package dev.bulwark.cli.http;

import dev.bulwark.core.Environment;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes status text fit for a page anyone on the network may read: HTML-escaped, with the values of
 * secret environment variables, the userinfo of URLs and absolute file-system paths taken out.
 * Status messages are written to be free of secrets already; this is the second line of defence,
 * and the one that hides how the host is laid out (the state directory, source paths).
 */
final class PageText {
  /**
   * Names of variables whose values are secrets by convention, beside {@link
   * Environment#CREDENTIALS}.
   */
  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIAL|PRIVATE|ACCESS_KEY|_KEY|WEBHOOK_URL).*");

  /** Shorter values would blank out ordinary words that happen to equal them. */
  private static final int MIN_SECRET_LENGTH = 4;

  private static final Pattern USERINFO =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");

  /**
   * An absolute path of two segments or more, starting a word: at the start, after a space, quote,
   * bracket, '=' or ','. A cron step such as {@code *}{@code /5} or a URL path is not one.
   */
  private static final Pattern ABSOLUTE_PATH =
      Pattern.compile("(?<=^|[\\s\"'(\\[=,:])(/[^\\s/\"'()\\[\\],;]+){2,}/?");

  private final List<String> secrets;

  private PageText(List<String> secrets) {
    this.secrets = secrets;
  }

  /** Text cleaned of the secrets found in {@code environment}'s variables. */
  static PageText hiding(Map<String, String> environment) {
    List<String> secrets =
        environment.entrySet().stream()
            .filter(
                e ->
                    Environment.isCredential(e.getKey())
                        || SECRET_NAME.matcher(e.getKey()).matches())
            .map(Map.Entry::getValue)
            .filter(v -> v != null && v.length() >= MIN_SECRET_LENGTH)
            .distinct()
            // Longest first, so a secret that contains another is replaced whole.
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
    return new PageText(secrets);
  }

  /** {@code text} without secrets and paths, escaped for HTML text and attribute values. */
  String html(String text) {
    return escape(clean(text));
  }

  /** {@code text} without secrets and paths (not escaped). */
  String clean(String text) {
    if (text == null) {
      return "";
    }
    String cleaned = text;
    for (String secret : secrets) {
      cleaned = cleaned.replace(secret, "***");
    }
    cleaned = USERINFO.matcher(cleaned).replaceAll("$1***@");
    Matcher paths = ABSOLUTE_PATH.matcher(cleaned);
    StringBuilder out = new StringBuilder();
    while (paths.find()) {
      String path = paths.group();
      String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
      paths.appendReplacement(out, Matcher.quoteReplacement("…/" + last));
    }
    paths.appendTail(out);
    return out.toString();
  }

  /** HTML-escapes text that holds nothing secret (names, numbers, fixed words). */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
