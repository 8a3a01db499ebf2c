package dev.bulwark.compose.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the environment variables Bulwark's own code reads, by the idioms the code base uses for
 * it, so that a new variable cannot ship undocumented:
 *
 * <ul>
 *   <li>{@code System.getenv("NAME")} and {@code env.get("NAME")} on an environment map;
 *   <li>picocli defaults {@code ${env:NAME...}};
 *   <li>constants that name a variable: {@code NAME = "NAME"} (as in {@code core.Environment}) or a
 *       constant whose name ends in {@code _VARIABLE};
 *   <li>in shell scripts and compose files, {@code ${NAME}} and {@code ${NAME:-default}}.
 * </ul>
 *
 * Variables Bulwark only sets for child processes (hooks, pg_dump) are not reads and not listed.
 */
final class EnvironmentReads {
  private static final String NAME = "([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)";
  private static final List<Pattern> JAVA_READS =
      List.of(
          Pattern.compile("getenv\\(\\s*\"" + NAME + "\"\\s*\\)"),
          Pattern.compile("\\b(?:env|environment)\\.get\\(\\s*\"" + NAME + "\"\\s*\\)"),
          Pattern.compile("\\$\\{env:" + NAME),
          Pattern.compile("\\b" + NAME + "\\s*=\\s*\"\\1\""),
          Pattern.compile("\\b[A-Z0-9_]+_VARIABLE\\s*=\\s*\"" + NAME + "\""));
  // ${NAME}, ${NAME:-x}, ${NAME-x}, ${NAME:=x}; not $${NAME}, which compose passes to the
  // container.
  private static final Pattern SHELL_READ =
      Pattern.compile("(?<!\\$)\\$\\{" + NAME + "(?=[}:\\-=])");

  private EnvironmentReads() {}

  /** Each variable read under the given Java source roots, with one file that reads it. */
  static Map<String, Path> inJavaSources(List<Path> roots) {
    Map<String, Path> reads = new TreeMap<>();
    for (Path root : roots) {
      for (Path file : javaFiles(root)) {
        String code = JavaCode.withoutComments(read(file));
        for (Pattern pattern : JAVA_READS) {
          Matcher m = pattern.matcher(code);
          while (m.find()) {
            reads.putIfAbsent(m.group(1), file);
          }
        }
      }
    }
    return reads;
  }

  /** The variables a shell script or compose file interpolates (comment lines skipped). */
  static SortedSet<String> inScript(Path file) {
    SortedSet<String> names = new TreeSet<>();
    for (String line : read(file).split("\n")) {
      if (line.strip().startsWith("#")) {
        continue;
      }
      Matcher m = SHELL_READ.matcher(line);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  private static List<Path> javaFiles(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
