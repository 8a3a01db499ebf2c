package dev.bulwark.engine.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code schema_version} of data objects (R8, R19) as the repository records it
 * (docs/format.md, "Schema versions"): per file in {@code files[].schema_version}, and per data
 * domain in the manifest's {@code schema_versions}, whose values are the distinct versions found,
 * sorted and comma-separated:
 *
 * <pre>
 * versions = version ("," version)*     sorted numerically where numeric, e.g. "1,2" or "3"
 * version  = 1*32 (ALPHA / DIGIT / "." / "_" / "-")
 * </pre>
 *
 * <p>Versions are found cheaply while a file's bytes pass through the backup anyway: only small
 * {@code .json}, {@code .yaml} and {@code .yml} files are looked at, and only the first {@link
 * #PREFIX} bytes; the first {@code schema_version} key there wins (a top-level one, or one nested
 * in a metadata object near the top).
 */
public final class SchemaVersions {
  /** How many leading bytes of a file are searched. */
  public static final int PREFIX = 4096;

  private static final Pattern JSON_FIELD =
      Pattern.compile("\"schema_version\"\\s*:\\s*\"?([A-Za-z0-9._-]{1,32})\"?");
  private static final Pattern YAML_FIELD =
      Pattern.compile(
          "(?m)^[ \\t]*schema_version[ \\t]*:[ \\t]*[\"']?([A-Za-z0-9._-]{1,32})[\"']?[ \\t]*(?:#.*)?$");
  private static final Comparator<String> ORDER =
      Comparator.comparing((String v) -> !v.chars().allMatch(Character::isDigit))
          .thenComparing(
              (a, b) ->
                  a.chars().allMatch(Character::isDigit) && b.chars().allMatch(Character::isDigit)
                      ? new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b))
                      : a.compareTo(b));

  private SchemaVersions() {}

  /** Whether a file of this archive path is looked at: a JSON or YAML document. */
  public static boolean sniffs(String archivePath) {
    String name = archivePath.toLowerCase(Locale.ROOT);
    return name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml");
  }

  /**
   * The {@code schema_version} declared in the first {@link #PREFIX} of {@code length} bytes of a
   * file named {@code archivePath}, or null when it is not a JSON or YAML file or declares none.
   */
  public static String sniff(String archivePath, byte[] bytes, int length) {
    if (!sniffs(archivePath) || length <= 0) {
      return null;
    }
    String head = new String(bytes, 0, Math.min(length, PREFIX), StandardCharsets.ISO_8859_1);
    if (!head.contains("schema_version")) {
      return null;
    }
    Matcher m =
        (archivePath.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON_FIELD : YAML_FIELD)
            .matcher(head);
    return m.find() ? m.group(1) : null;
  }

  /** The manifest's {@code schema_versions} of {@code entries}: per domain, the versions found. */
  public static Map<String, String> byDomain(Collection<FileEntry> entries) {
    Map<String, Set<String>> found = new TreeMap<>();
    for (FileEntry e : entries) {
      if (e.schemaVersion() != null && e.domain() != null) {
        found.computeIfAbsent(e.domain(), d -> new TreeSet<>(ORDER)).add(e.schemaVersion());
      }
    }
    Map<String, String> versions = new TreeMap<>();
    found.forEach((domain, set) -> versions.put(domain, String.join(",", set)));
    return versions;
  }

  /** The versions of one {@code schema_versions} value ({@code "1,2"} is 1 and 2). */
  public static List<String> parse(String value) {
    List<String> versions = new ArrayList<>();
    if (value != null) {
      for (String v : value.split(",")) {
        if (!v.isBlank()) {
          versions.add(v.trim());
        }
      }
    }
    return versions;
  }

  /**
   * What readers at {@code readers} (per domain, version N; they also read N-1) cannot read among
   * {@code entries}: one line per domain and version, naming an example object, empty when all is
   * readable. Domains without a reader version, and entries without a schema version, are not
   * checked; a version that is not a whole number cannot be compared and is reported.
   */
  public static List<String> unreadable(
      Collection<FileEntry> entries, Map<String, Integer> readers) {
    if (readers == null || readers.isEmpty()) {
      return List.of();
    }
    Map<String, List<FileEntry>> byDomainAndVersion = new LinkedHashMap<>();
    for (FileEntry e : entries) {
      if (e.schemaVersion() != null && e.domain() != null && readers.get(e.domain()) != null) {
        byDomainAndVersion
            .computeIfAbsent(e.domain() + "\u0000" + e.schemaVersion(), k -> new ArrayList<>())
            .add(e);
      }
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, List<FileEntry>> group : new TreeMap<>(byDomainAndVersion).entrySet()) {
      String[] key = group.getKey().split("\u0000", 2);
      String domain = key[0];
      String version = key[1];
      int reader = readers.get(domain);
      Optional<Integer> number = number(version);
      String objects =
          group.getValue().size()
              + " object(s) of domain "
              + domain
              + " at schema_version "
              + version
              + " (e.g. "
              + group.getValue().get(0).path()
              + ")";
      if (number.isEmpty()) {
        problems.add(
            objects + ": not a whole number, so not comparable with the readers' " + reader);
      } else if (number.get() > reader) {
        problems.add(
            objects
                + " are newer than its readers, which are at "
                + reader
                + " and read "
                + (reader - 1)
                + ".."
                + reader
                + " (spec.readerSchemaVersions."
                + domain
                + "): upgrade the readers first, or restore"
                + " an older snapshot");
      } else if (number.get() < reader - 1) {
        problems.add(
            objects
                + " are older than its readers read: they are at "
                + reader
                + " and read "
                + (reader - 1)
                + ".."
                + reader
                + " (spec.readerSchemaVersions."
                + domain
                + "): migrate the objects to "
                + (reader - 1)
                + " or later with a MigrationPlan after restoring them elsewhere, or restore a newer"
                + " snapshot");
      }
    }
    return problems;
  }

  private static Optional<Integer> number(String version) {
    try {
      return Optional.of(Integer.parseInt(version));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
