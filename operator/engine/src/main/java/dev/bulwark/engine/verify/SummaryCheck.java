package dev.bulwark.engine.verify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.engine.catalog.CommittedSnapshot;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.CatalogEntry;
import dev.bulwark.engine.format.Json;
import dev.bulwark.engine.format.LatestPointer;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.RepositoryLayout;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks the small objects that summarize a manifest, catalog entries (key and body) and the latest
 * pointer, against the manifest itself. The manifest is covered by the SHA-256 in its catalog
 * entry; every other field of those objects is a copy of a manifest field, so comparing them field
 * by field covers every byte a reader uses: a changed value differs, a changed field name leaves
 * the field missing, a changed brace or quote does not parse. Fields a newer writer may add within
 * the format version are ignored, as readers must ignore them.
 */
final class SummaryCheck {
  private SummaryCheck() {}

  /** What is wrong with a snapshot's catalog entry, key and body, given its (hashed) manifest. */
  static List<String> catalogEntry(RepositoryLayout layout, CommittedSnapshot committed) {
    List<String> problems = new ArrayList<>();
    SnapshotSummary s = committed.summary();
    Manifest m = committed.manifest();
    if (!layout.policy().equals(m.policy()) || !layout.env().equals(m.env())) {
      problems.add(
          "belongs to policy "
              + layout.policy()
              + " in env "
              + layout.env()
              + " but its manifest names policy "
              + m.policy()
              + " in env "
              + m.env());
    }
    if (s.type() != m.snapshotType()) {
      problems.add(
          "its key says "
              + s.type().wireName()
              + " but the manifest says "
              + (m.snapshotType() == null ? "nothing" : m.snapshotType().wireName()));
    }
    Instant finished = parseInstant(m.finishedAt());
    if (finished == null || !s.finishedAt().equals(finished.truncatedTo(ChronoUnit.MILLIS))) {
      problems.add(
          "its key says it finished at "
              + s.finishedAt()
              + " but the manifest says "
              + m.finishedAt());
    }
    if (!s.labels().equals(m.labels() == null ? List.of() : m.labels())) {
      problems.add("its key has labels " + s.labels() + " but the manifest has " + m.labels());
    }
    if (m.stats() == null) {
      problems.add("its manifest has no stats to compare files and bytes with");
      return problems;
    }
    // The entry's manifest_sha256 was just found equal to the manifest's SHA-256 (readCommitted).
    CatalogEntry expected =
        CatalogEntry.of(
            m, layout.manifestKey(m.jobId()), committed.catalogEntry().manifestSha256());
    compare(
        committed.catalogEntryBytes(),
        Json.mapper().valueToTree(expected),
        "the manifest says",
        problems);
    return problems;
  }

  /**
   * What is wrong with the latest pointer, given the newest listed snapshot and its manifest (or
   * null when nothing is listed).
   */
  static List<String> latestPointer(
      byte[] pointer,
      String provider,
      SnapshotSummary newest,
      Manifest newestManifest,
      RepositoryLayout layout) {
    List<String> problems = new ArrayList<>();
    if (newest == null) {
      problems.add("names a snapshot, but no snapshot is listed");
      return problems;
    }
    LatestPointer expected =
        LatestPointer.of(newestManifest, provider, layout.manifestKey(newest.jobId()));
    compare(
        pointer,
        Json.mapper().valueToTree(expected),
        "the manifest of the newest snapshot " + newest.jobId() + " says",
        problems);
    if (problems.stream().anyMatch(p -> p.startsWith("job_id is "))) {
      // Another snapshot's pointer differs in every field; one line says what matters.
      String named =
          problems.stream().filter(p -> p.startsWith("job_id is ")).findFirst().orElseThrow();
      problems.clear();
      problems.add(named + ": the pointer is stale or damaged (every backup rewrites it)");
    }
    return problems;
  }

  /**
   * Parses {@code bytes} strictly (one JSON object, no duplicate field, nothing after it) and
   * compares each field of {@code expected} with it.
   */
  private static void compare(
      byte[] bytes, JsonNode expected, String truth, List<String> problems) {
    JsonNode actual;
    try (JsonParser parser = Json.mapper().getFactory().createParser(bytes)) {
      parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      actual = Json.mapper().readTree(parser);
      if (parser.nextToken() != null) {
        problems.add("has bytes after its JSON object");
      }
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      problems.add("is not valid JSON: " + why);
      return;
    }
    if (actual == null || !actual.isObject()) {
      problems.add("is not a JSON object");
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = expected.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode stored = actual.get(field.getKey());
      if (stored == null) {
        problems.add("lacks " + field.getKey() + " (" + truth + " " + field.getValue() + ")");
      } else if (!sameValue(stored, field.getValue())) {
        problems.add(field.getKey() + " is " + stored + " but " + truth + " " + field.getValue());
      }
    }
  }

  /**
   * JSON equality, with integers equal whatever their Java width (3 parses as int, writes as long),
   * in nested objects too.
   */
  private static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isIntegralNumber() && b.isIntegralNumber()) {
      return a.bigIntegerValue().equals(b.bigIntegerValue());
    }
    if (a.isObject() && b.isObject()) {
      // Nested objects (the index reference) compare field by field, and every field counts.
      if (a.size() != b.size()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = b.properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode other = a.get(field.getKey());
        if (other == null || !sameValue(other, field.getValue())) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }

  private static Instant parseInstant(String value) {
    try {
      return value == null ? null : Instant.parse(value);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
