package dev.bulwark.compose.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * compose-shim/.env.example read as documentation: each {@code NAME=value} (set) or {@code #
 * NAME=value} (optional) line is an entry, and the comment lines right above it describe it.
 *
 * @param entries the entries by name, in file order
 * @param duplicates names listed more than once
 */
record EnvExample(Map<String, Entry> entries, List<String> duplicates) {
  private static final Pattern ENTRY = Pattern.compile("^(#\\s*)?([A-Z][A-Z0-9_]*)=(.*)$");

  /** One variable: whether the example sets it, its example value and its description. */
  record Entry(String name, boolean set, String value, String description, int line) {}

  static EnvExample read(Path file) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    List<String> duplicates = new ArrayList<>();
    StringBuilder description = new StringBuilder();
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      Matcher entry = ENTRY.matcher(line);
      if (entry.matches()) {
        String name = entry.group(2);
        Entry parsed =
            new Entry(
                name,
                entry.group(1) == null,
                entry.group(3),
                description.toString().strip(),
                i + 1);
        if (entries.putIfAbsent(name, parsed) != null) {
          duplicates.add(name);
        }
        description.setLength(0);
      } else if (line.startsWith("#")) {
        description.append(line.substring(1).strip()).append(' ');
      } else {
        description.setLength(0); // a blank line ends a description
      }
    }
    return new EnvExample(entries, duplicates);
  }

  /** The variables the example sets, as docker compose's env_file would pass them. */
  Map<String, String> setValues() {
    Map<String, String> values = new LinkedHashMap<>();
    entries.values().stream().filter(Entry::set).forEach(e -> values.put(e.name(), e.value()));
    return values;
  }
}
