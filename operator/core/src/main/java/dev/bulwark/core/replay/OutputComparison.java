package dev.bulwark.core.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.replay.ComparisonReport.FileChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares a partition's outputs of two analyzer versions. JSON files are compared leaf by leaf
 * (JSON Pointers), CSV files cell by cell with rows keyed by their first column (a student id, a
 * question number); other files by their bytes only.
 */
final class OutputComparison {
  /** Value changes listed per file; the count is always complete. */
  static final int SAMPLES = 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private OutputComparison() {}

  static ComparisonReport compare(
      String plan,
      String partition,
      String oldVersion,
      Path oldDir,
      String newVersion,
      Path newDir,
      Instant now)
      throws IOException {
    Map<String, FileDigest> old = byPath(FileDigest.tree(oldDir));
    Map<String, FileDigest> fresh = byPath(FileDigest.tree(newDir));
    List<String> added = fresh.keySet().stream().filter(p -> !old.containsKey(p)).sorted().toList();
    List<String> removed =
        old.keySet().stream().filter(p -> !fresh.containsKey(p)).sorted().toList();
    List<FileChange> changed = new ArrayList<>();
    int unchanged = 0;
    for (String path : new TreeSet<>(fresh.keySet())) {
      if (!old.containsKey(path)) {
        continue;
      }
      if (old.get(path).sha256().equals(fresh.get(path).sha256())) {
        unchanged++;
      } else {
        changed.add(change(path, oldDir.resolve(path), newDir.resolve(path)));
      }
    }
    return new ComparisonReport(
        plan,
        partition,
        oldVersion,
        newVersion,
        oldDir.toString(),
        newDir.toString(),
        Files.isDirectory(oldDir),
        added,
        removed,
        unchanged,
        changed,
        now);
  }

  private static FileChange change(String path, Path oldFile, Path newFile) {
    try {
      String before = Files.readString(oldFile, StandardCharsets.UTF_8);
      String after = Files.readString(newFile, StandardCharsets.UTF_8);
      if (path.endsWith(".json")) {
        return json(path, JSON.readTree(before), JSON.readTree(after));
      }
      if (path.endsWith(".csv")) {
        return csv(path, CsvTable.parse(before), CsvTable.parse(after));
      }
    } catch (IOException | RuntimeException e) {
      // not readable in its format: compared by bytes, which already differ
    }
    return new FileChange(path, "bytes", null, null, null, List.of());
  }

  private static FileChange json(String path, JsonNode before, JsonNode after) {
    Map<String, String> old = new LinkedHashMap<>();
    Map<String, String> fresh = new LinkedHashMap<>();
    leaves("", before, old);
    leaves("", after, fresh);
    Set<String> pointers = new TreeSet<>(old.keySet());
    pointers.addAll(fresh.keySet());
    List<String> samples = new ArrayList<>();
    int count = 0;
    for (String pointer : pointers) {
      String a = old.get(pointer);
      String b = fresh.get(pointer);
      if (!Objects.equals(a, b)) {
        count++;
        if (samples.size() < SAMPLES) {
          samples.add((pointer.isEmpty() ? "/" : pointer) + ": " + a + " -> " + b);
        }
      }
    }
    return new FileChange(path, "json", count, null, null, samples);
  }

  private static void leaves(String pointer, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        leaves(
            pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1"),
            field.getValue(),
            out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        leaves(pointer + "/" + i, node.get(i), out);
      }
    } else {
      out.put(pointer, node.toString());
    }
  }

  private static FileChange csv(String path, CsvTable before, CsvTable after) {
    Map<String, List<String>> old = rows(before);
    Map<String, List<String>> fresh = rows(after);
    List<String> samples = new ArrayList<>();
    int count = 0;
    for (Map.Entry<String, List<String>> row : fresh.entrySet()) {
      List<String> was = old.get(row.getKey());
      if (was == null) {
        continue;
      }
      for (int c = 1; c < after.header().size(); c++) {
        String column = after.header().get(c);
        int at = before.header().indexOf(column);
        String a = at < 0 ? null : was.get(at);
        String b = row.getValue().get(c);
        if (!Objects.equals(a, b)) {
          count++;
          if (samples.size() < SAMPLES) {
            samples.add(row.getKey() + "." + column + ": " + a + " -> " + b);
          }
        }
      }
    }
    int added = (int) fresh.keySet().stream().filter(k -> !old.containsKey(k)).count();
    int removed = (int) old.keySet().stream().filter(k -> !fresh.containsKey(k)).count();
    return new FileChange(path, "csv", count, added, removed, samples);
  }

  private static Map<String, List<String>> rows(CsvTable table) {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (List<String> row : table.rows()) {
      rows.putIfAbsent(row.isEmpty() ? "" : row.get(0), row);
    }
    return rows;
  }

  private static Map<String, FileDigest> byPath(List<FileDigest> digests) {
    return digests.stream().collect(Collectors.toMap(FileDigest::path, Function.identity()));
  }
}
