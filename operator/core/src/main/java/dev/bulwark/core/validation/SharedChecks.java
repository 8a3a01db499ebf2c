package dev.bulwark.core.validation;

import com.fasterxml.jackson.core.JsonPointer;
import dev.bulwark.api.common.Resource;
import dev.bulwark.api.common.SecretRef;
import dev.bulwark.core.schedule.CronSchedule;
import dev.bulwark.core.schedule.InvalidScheduleException;
import dev.bulwark.core.schedule.TimeZones;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The checks several kinds share: names, crons, time zones, globs, secrets, URLs, pointers. */
final class SharedChecks {
  private static final Pattern DNS_1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final int MAX_NAME_LENGTH = 253;
  private static final Pattern BAD_ESCAPE = Pattern.compile("~(?![01])");

  private SharedChecks() {}

  /** metadata.name is present and a DNS-1123 subdomain, as Kubernetes requires. */
  static void name(Resource<?, ?> resource, Findings findings) {
    String name = resource.getRef().name();
    if (name == null || name.isBlank()) {
      findings.error(
          "metadata.name",
          "required; name the resource with lowercase letters, digits, '-' or '.'");
    } else if (name.length() > MAX_NAME_LENGTH || !DNS_1123_SUBDOMAIN.matcher(name).matches()) {
      findings.error(
          "metadata.name",
          "'"
              + name
              + "' is not a valid name; expected lowercase letters, digits, '-' and '.', starting"
              + " and ending with a letter or digit, at most 253 characters (DNS-1123 subdomain)");
    }
  }

  /** The zone of that name, or an error at {@code field}. */
  static Optional<ZoneId> timeZone(String field, String name, Findings findings) {
    try {
      return Optional.of(TimeZones.parse(name));
    } catch (InvalidScheduleException e) {
      findings.error(field, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The expression parses (in UTC when the zone itself is invalid: syntax does not depend on it).
   */
  static void cron(String field, String expression, Optional<ZoneId> zone, Findings findings) {
    try {
      CronSchedule.parse(expression, zone.orElse(ZoneOffset.UTC));
    } catch (InvalidScheduleException e) {
      findings.error(field, e.getMessage());
    }
  }

  /** Every pattern compiles as a java.nio glob, the syntax the snapshot engine matches with. */
  static void globs(String field, List<String> globs, Findings findings) {
    if (globs == null) {
      return;
    }
    for (int i = 0; i < globs.size(); i++) {
      String glob = globs.get(i);
      String at = field + "[" + i + "]";
      if (glob == null || glob.isBlank()) {
        findings.error(at, "empty pattern; expected a glob such as **/*.json");
        continue;
      }
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + glob);
      } catch (IllegalArgumentException e) {
        findings.error(
            at,
            "'" + glob + "' is not a valid glob (" + describe(e) + "); expected e.g. **/*.json");
      }
    }
  }

  /** Exactly one of env, file and secret names where a secret comes from. */
  static void secretRef(String field, SecretRef ref, Findings findings) {
    String expected =
        "set exactly one: env (a variable name), file (a path) or secret (name and key of a"
            + " Kubernetes Secret)";
    if (ref == null) {
      findings.error(field, "required; " + expected);
      return;
    }
    boolean env = ref.getEnv() != null && !ref.getEnv().isBlank();
    boolean file = ref.getFile() != null && !ref.getFile().isBlank();
    boolean secret = ref.getSecret() != null;
    int set = (env ? 1 : 0) + (file ? 1 : 0) + (secret ? 1 : 0);
    if (set != 1) {
      findings.error(
          field,
          (set == 0
                  ? "none of env, file and secret is set"
                  : "more than one of env, file and" + " secret is set")
              + "; "
              + expected);
      return;
    }
    if (secret && (blank(ref.getSecret().getName()) || blank(ref.getSecret().getKey()))) {
      findings.error(field + ".secret", "needs both name (the Secret) and key (within its data)");
    }
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  /** An http or https URL with a host; {@code example} shows the kind of URL expected. */
  static void httpUrl(String field, String url, String example, Findings findings) {
    if (url == null) {
      return;
    }
    try {
      URI uri = new URI(url.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return;
      }
    } catch (URISyntaxException e) {
      // reported below in the same words as a URL without scheme or host
    }
    findings.error(field, "'" + url + "' is not an http(s) URL; expected e.g. " + example);
  }

  /** A value that may not be negative. */
  static void notNegative(String field, Integer value, Findings findings) {
    if (value != null && value < 0) {
      findings.error(field, value + " is negative; expected a number >= 0");
    }
  }

  /** A JSON Pointer (RFC 6901) that points into a document, not at its root. */
  static void jsonPointer(String field, String pointer, Findings findings) {
    if (pointer == null || pointer.isEmpty()) {
      findings.error(field, "required; expected a JSON Pointer such as /metadata/schema_version");
      return;
    }
    String why = null;
    try {
      JsonPointer.compile(pointer);
    } catch (IllegalArgumentException e) {
      why = e.getMessage();
    }
    // Jackson reads an unknown escape such as ~2 literally; RFC 6901 allows only ~0 and ~1
    if (why == null && BAD_ESCAPE.matcher(pointer).find()) {
      why = "'~' must be followed by 0 or 1";
    }
    if (why != null) {
      findings.error(
          field,
          "'"
              + pointer
              + "' is not a JSON Pointer ("
              + why
              + "); expected e.g. /metadata/schema_version, with ~0 for ~ and ~1 for /");
    }
  }

  /** The path parses on this platform; empty (with an error) when it does not. */
  static Optional<Path> path(String field, String path, Findings findings) {
    try {
      return Optional.of(Path.of(path));
    } catch (InvalidPathException e) {
      findings.error(field, "'" + path + "' is not a valid path: " + e.getReason());
      return Optional.empty();
    }
  }

  private static String describe(IllegalArgumentException e) {
    // PatternSyntaxException's message spans lines with a caret under the index; one line is enough
    return e instanceof PatternSyntaxException syntax
        ? syntax.getDescription() + " at index " + syntax.getIndex()
        : e.getMessage();
  }
}
