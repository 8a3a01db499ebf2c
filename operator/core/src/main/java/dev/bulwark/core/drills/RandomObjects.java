package dev.bulwark.core.drills;

import dev.bulwark.engine.catalog.SnapshotIndex;
import dev.bulwark.engine.format.EntryType;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.Manifest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The random objects an L1 drill restores: {@code n} regular files per data domain, drawn from the
 * snapshot's file list with a random seeded by the run id, so a run can be replayed exactly.
 * Database dump parts are not objects (an L3 drill restores dumps whole).
 */
final class RandomObjects {
  private RandomObjects() {}

  /** Archive paths of up to {@code n} files per domain of {@code index}, sorted. */
  static List<String> draw(SnapshotIndex index, int n, String runId) {
    if (n <= 0) {
      return List.of();
    }
    Set<String> parts = new HashSet<>();
    for (Manifest.StreamRecord stream : index.manifest().streamsOrEmpty()) {
      parts.addAll(stream.parts());
    }
    Map<String, List<String>> byDomain = new TreeMap<>();
    for (FileEntry entry : index.entries()) {
      if (entry.type() == EntryType.FILE && !parts.contains(entry.path())) {
        byDomain
            .computeIfAbsent(entry.domain() == null ? "" : entry.domain(), d -> new ArrayList<>())
            .add(entry.path());
      }
    }
    Random random = new Random(runId.hashCode());
    List<String> drawn = new ArrayList<>();
    for (List<String> files : byDomain.values()) {
      Collections.sort(files); // the index order must not change what a seed draws
      Collections.shuffle(files, random);
      drawn.addAll(files.subList(0, Math.min(n, files.size())));
    }
    Collections.sort(drawn);
    return drawn;
  }

  /** {@code path} as a glob matching only itself: glob characters in file names are escaped. */
  static String exactGlob(String path) {
    StringBuilder glob = new StringBuilder(path.length() + 8);
    for (char c : path.toCharArray()) {
      if ("\\*?[]{}".indexOf(c) >= 0) {
        glob.append('\\');
      }
      glob.append(c);
    }
    return glob.toString();
  }
}
