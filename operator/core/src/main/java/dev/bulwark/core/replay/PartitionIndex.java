package dev.bulwark.core.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.api.replay.PartitionKeySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The raw input files under a root, grouped by partition key. A key is the first yyyy-MM-dd found
 * in the configured path segment (e.g. {@code 2026-11-20/} or {@code exam_2026-11-20.csv}) or in
 * the configured field (a top-level JSON field, or the CSV column of the first row, so an ISO
 * timestamp works too). Files without a key belong to no partition and are counted apart.
 *
 * @param root the directory the relative paths start from
 * @param byPartition relative paths (with '/') per partition key, sorted
 * @param unpartitioned relative paths that matched a glob but carry no key
 */
record PartitionIndex(
    Path root, Map<String, List<String>> byPartition, List<String> unpartitioned) {
  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Scans {@code root} (which may be a restored sandbox of the plan's root) with the plan's globs.
   */
  static PartitionIndex scan(Path root, ReplaySettings settings) throws IOException {
    List<PathMatcher> matchers =
        settings.globs().stream()
            .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g))
            .toList();
    Map<String, List<String>> byPartition = new TreeMap<>();
    List<String> unpartitioned = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    } catch (NoSuchFileException e) {
      files = List.of();
    }
    for (Path file : files) {
      Path relative = root.relativize(file);
      if (matchers.stream().noneMatch(m -> m.matches(relative))) {
        continue;
      }
      String name = relative.toString().replace('\\', '/');
      Optional<String> key = key(file, relative, settings);
      if (key.isPresent()) {
        byPartition.computeIfAbsent(key.get(), k -> new ArrayList<>()).add(name);
      } else {
        unpartitioned.add(name);
      }
    }
    return new PartitionIndex(root, byPartition, unpartitioned);
  }

  /** The inputs of {@code partition}; empty when it has none. */
  List<String> inputs(String partition) {
    return byPartition.getOrDefault(partition, List.of());
  }

  private static Optional<String> key(Path file, Path relative, ReplaySettings settings) {
    if (settings.by() == PartitionKeySource.PATH_SEGMENT) {
      if (relative.getNameCount() <= settings.segment()) {
        return Optional.empty();
      }
      return day(relative.getName(settings.segment()).toString());
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (file.getFileName().toString().endsWith(".csv")) {
        CsvTable table = CsvTable.parse(text);
        int column = table.header().indexOf(settings.field());
        return column < 0 || table.rows().isEmpty()
            ? Optional.empty()
            : day(table.rows().get(0).get(column));
      }
      JsonNode value = JSON.readTree(text).path(settings.field());
      return value.isValueNode() ? day(value.asText()) : Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      // an unreadable file carries no key; the plan record counts it as unpartitioned
      return Optional.empty();
    }
  }

  private static Optional<String> day(String text) {
    Matcher matcher = DAY.matcher(text);
    return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
  }
}
