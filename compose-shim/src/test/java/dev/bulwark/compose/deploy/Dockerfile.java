package dev.bulwark.compose.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The instructions of a Dockerfile (continuation lines joined, comments dropped), enough to check
 * what the image runs without a Docker engine.
 *
 * @param instructions each instruction as {keyword, arguments}
 */
record Dockerfile(List<String[]> instructions) {

  static Dockerfile read(Path file) throws IOException {
    List<String[]> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : Files.readAllLines(file)) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
        continue;
      }
      boolean continued = line.endsWith("\\");
      current.append(continued ? line.substring(0, line.length() - 1).strip() : line).append(' ');
      if (!continued) {
        String text = current.toString().strip();
        int space = text.indexOf(' ');
        instructions.add(
            new String[] {
              text.substring(0, space).toUpperCase(Locale.ROOT), text.substring(space + 1).strip()
            });
        current.setLength(0);
      }
    }
    return new Dockerfile(instructions);
  }

  /** The arguments of the first instruction with this keyword. */
  String first(String keyword) {
    return all(keyword).stream().findFirst().orElseThrow(() -> new AssertionError("no " + keyword));
  }

  /** The arguments of every instruction with this keyword, in order. */
  List<String> all(String keyword) {
    return instructions.stream().filter(i -> i[0].equals(keyword)).map(i -> i[1]).toList();
  }

  /** The exec-form command of HEALTHCHECK, after its options, e.g. {@code [CMD, /bin/check]}. */
  List<String> healthcheckCommand() throws IOException {
    String arguments = first("HEALTHCHECK");
    int cmd = arguments.indexOf("CMD ");
    if (cmd < 0) {
      throw new AssertionError("HEALTHCHECK without CMD: " + arguments);
    }
    List<String> command = new ArrayList<>(List.of("CMD"));
    command.addAll(
        new ObjectMapper()
            .readValue(arguments.substring(cmd + 4).strip(), new TypeReference<List<String>>() {}));
    return command;
  }
}
