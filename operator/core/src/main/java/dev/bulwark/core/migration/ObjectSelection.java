package dev.bulwark.core.migration;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.Source;
import dev.bulwark.api.migration.DocumentFormat;
import dev.bulwark.api.migration.ObjectSelector;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the objects of a plan: regular files under the policy's directory sources whose name {@code
 * <source domain>/<path below the source>} matches a selector's glob (the first matching selector
 * decides the format and version field). Symlinks are never followed, so a plan cannot reach
 * outside its sources.
 */
final class ObjectSelection {
  private ObjectSelection() {}

  /** The selected objects, sorted by name. */
  static List<SelectedObject> select(BackupPolicy policy, List<ObjectSelector> selectors)
      throws PlanException {
    List<Map.Entry<ObjectSelector, List<PathMatcher>>> matchers = new ArrayList<>();
    for (int i = 0; i < selectors.size(); i++) {
      ObjectSelector selector = selectors.get(i);
      List<PathMatcher> globs = new ArrayList<>();
      for (String glob : selector.getPaths()) {
        try {
          globs.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
        } catch (IllegalArgumentException e) {
          throw new PlanException(
              "spec.selectors[" + i + "].paths: '" + glob + "' is not a glob: " + e.getMessage());
        }
      }
      matchers.add(Map.entry(selector, globs));
    }
    Map<Path, SelectedObject> found = new LinkedHashMap<>();
    for (Source source : policy.getSpec().getSources()) {
      if (source.getPath() == null) {
        continue;
      }
      Path root = Path.of(source.getPath()).toAbsolutePath().normalize();
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file :
            files.filter(Files::isRegularFile).filter(f -> !Files.isSymbolicLink(f)).toList()) {
          String relative = root.relativize(file).toString().replace('\\', '/');
          String name = source.getDomain() + "/" + relative;
          for (Map.Entry<ObjectSelector, List<PathMatcher>> m : matchers) {
            if (m.getValue().stream().anyMatch(g -> g.matches(Path.of(name)))) {
              found.putIfAbsent(file, object(file, name, m.getKey()));
              break;
            }
          }
        }
      } catch (IOException | java.io.UncheckedIOException e) {
        throw new PlanException("source " + root + " cannot be listed: " + e.getMessage());
      }
    }
    List<SelectedObject> objects = new ArrayList<>(found.values());
    objects.sort(Comparator.comparing(SelectedObject::name));
    return objects;
  }

  private static SelectedObject object(Path file, String name, ObjectSelector selector) {
    String archive = file.toString().replace('\\', '/');
    while (archive.startsWith("/")) {
      archive = archive.substring(1);
    }
    DocumentFormat format =
        selector.getFormat() == null ? DocumentFormat.JSON : selector.getFormat();
    String field =
        selector.getVersionField() == null ? "schema_version" : selector.getVersionField();
    return new SelectedObject(file, name, archive, format, field, selector.getMissingVersion());
  }
}
