package dev.bulwark.targets.lifecycle;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The ids of the rules Bulwark writes: {@code owner prefix + bucket key prefix + [sorted tags]},
 * and the dated form {@code <id>@retired-YYYY-MM-DD} of an expiration rule no longer wanted but
 * still owed to the objects written while it was.
 */
final class RuleIds {
  /** The longest rule id S3 and OSS accept. */
  static final int MAX_LENGTH = 255;

  private static final String RETIRED = "@retired-";

  private RuleIds() {}

  /** The id of the rule filtered by {@code keyPrefix} (bucket-level) and {@code tags}. */
  static String of(String ownerPrefix, String keyPrefix, Map<String, String> tags) {
    String filter =
        new TreeMap<>(tags)
            .entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",", "[", "]"));
    return checked(ownerPrefix + keyPrefix + filter);
  }

  /** The id under which rule {@code id}, retired on {@code on}, stays until nothing needs it. */
  static String retired(String id, LocalDate on) {
    return checked(id + RETIRED + on);
  }

  /** The original id and the retirement date of a retired rule's id; empty for any other id. */
  static Optional<Retired> parseRetired(String id) {
    int at = id.lastIndexOf(RETIRED);
    if (at < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Retired(id.substring(0, at), LocalDate.parse(id.substring(at + RETIRED.length()))));
    } catch (DateTimeParseException e) {
      return Optional.empty(); // someone's own suffix: treated as an ordinary owned rule
    }
  }

  private static String checked(String id) {
    if (id.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "lifecycle rule id '" + id + "' is longer than " + MAX_LENGTH + " characters");
    }
    return id;
  }

  /** A retired rule's original id and the day it was retired. */
  record Retired(String id, LocalDate on) {}
}
