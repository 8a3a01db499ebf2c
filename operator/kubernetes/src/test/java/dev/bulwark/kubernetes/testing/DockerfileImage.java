package dev.bulwark.kubernetes.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a (multi-stage) Dockerfile without a Docker engine: its stages and instructions, and its
 * final stage as a {@link ContainerImage} whose files are the checkout's own (a {@code COPY} from
 * the context is that path of the checkout; a {@code COPY --from=<stage>} of a path under that
 * stage's WORKDIR is the same path of the checkout, where the build left it). {@code RUN} lines are
 * not run: only the users, directories and owners they make ({@code groupadd}/{@code useradd} with
 * numeric ids, {@code mkdir -p}, {@code chown}) are taken over.
 */
public final class DockerfileImage {
  private static final Pattern USERADD =
      Pattern.compile(
          "useradd\\b[^&;]*?--uid\\s+(\\d+)[^&;]*?\\s([a-z_][a-z0-9_-]*)\\s*(?:$|&&|;)");
  private static final Pattern GROUPADD =
      Pattern.compile(
          "groupadd\\b[^&;]*?--gid\\s+(\\d+)[^&;]*?\\s([a-z_][a-z0-9_-]*)\\s*(?:$|&&|;)");
  private static final Pattern MKDIR = Pattern.compile("mkdir\\s+-p\\s+([^&;]+)");
  private static final Pattern CHOWN =
      Pattern.compile("chown\\s+([a-z0-9_-]+):([a-z0-9_-]+)\\s+([^&;]+)");

  /** One instruction: its keyword (upper case) and its arguments, continuation lines joined. */
  public record Instruction(String keyword, String arguments) {}

  /** One stage: its base image, its name (empty when unnamed) and its instructions. */
  public record Stage(String from, String name, List<Instruction> instructions) {
    /** The arguments of every instruction with this keyword, in order. */
    public List<String> all(String keyword) {
      return instructions.stream()
          .filter(i -> i.keyword().equals(keyword))
          .map(Instruction::arguments)
          .toList();
    }

    /** The arguments of the last instruction with this keyword, or empty. */
    public String last(String keyword) {
      List<String> all = all(keyword);
      return all.isEmpty() ? "" : all.get(all.size() - 1);
    }
  }

  private DockerfileImage() {}

  /** The stages of a Dockerfile, in order. */
  public static List<Stage> stages(Path dockerfile) {
    List<Stage> stages = new ArrayList<>();
    List<Instruction> current = null;
    StringBuilder line = new StringBuilder();
    List<String> raw;
    try {
      raw = Files.readAllLines(dockerfile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String text : raw) {
      String stripped = text.strip();
      if (stripped.startsWith("#") || (stripped.isEmpty() && line.isEmpty())) {
        continue;
      }
      boolean continued = stripped.endsWith("\\");
      line.append(continued ? stripped.substring(0, stripped.length() - 1).strip() : stripped)
          .append(' ');
      if (continued) {
        continue;
      }
      String instruction = line.toString().strip();
      line.setLength(0);
      int space = instruction.indexOf(' ');
      String keyword = instruction.substring(0, space).toUpperCase(Locale.ROOT);
      String arguments = instruction.substring(space + 1).strip();
      if (keyword.equals("FROM")) {
        String[] words = arguments.split("\\s+");
        String name = words.length >= 3 && words[1].equalsIgnoreCase("AS") ? words[2] : "";
        current = new ArrayList<>();
        stages.add(new Stage(words[0], name, current));
      } else if (current != null) {
        current.add(new Instruction(keyword, arguments));
      }
    }
    return stages;
  }

  /**
   * The final stage as an image named {@code name}, its files mapped into {@code checkout}.
   *
   * @throws IllegalStateException when a file it copies does not exist in the checkout (yet)
   */
  public static ContainerImage finalStage(Path dockerfile, Path checkout, String name) {
    List<Stage> stages = stages(dockerfile);
    Stage last = stages.get(stages.size() - 1);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", ContainerImage.DEFAULT_PATH);
    Map<String, Path> files = new LinkedHashMap<>();
    Map<String, String> users = new LinkedHashMap<>();
    Map<String, String> groups = new LinkedHashMap<>();
    Map<String, String> directories = new LinkedHashMap<>();
    for (Instruction instruction : last.instructions()) {
      switch (instruction.keyword()) {
        case "ENV" -> env.putAll(envPairs(instruction.arguments()));
        case "COPY" -> copy(instruction.arguments(), stages, checkout, files);
        case "RUN" -> run(instruction.arguments(), users, groups, directories);
        default -> {}
      }
    }
    String workingDir = last.last("WORKDIR").isEmpty() ? "/" : last.last("WORKDIR");
    String user = last.last("USER").isEmpty() ? "0" : last.last("USER");
    return new ContainerImage(
        name,
        execForm(last.last("ENTRYPOINT")),
        execForm(last.last("CMD")),
        env,
        workingDir,
        user,
        files,
        directories);
  }

  private static void copy(
      String arguments, List<Stage> stages, Path checkout, Map<String, Path> files) {
    List<String> words = new ArrayList<>(List.of(arguments.split("\\s+")));
    String from = "";
    while (words.get(0).startsWith("--")) {
      String flag = words.remove(0);
      if (flag.startsWith("--from=")) {
        from = flag.substring("--from=".length());
      }
    }
    String destination = words.remove(words.size() - 1);
    for (String source : words) {
      String relative = source;
      if (!from.isEmpty()) {
        String stageFrom = from;
        Stage stage =
            stages.stream()
                .filter(s -> s.name().equals(stageFrom))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalStateException("COPY --from=" + stageFrom + ": no such stage"));
        String workdir = stage.last("WORKDIR");
        if (workdir.isEmpty() || !source.startsWith(workdir + "/")) {
          throw new IllegalStateException(
              "COPY --from=" + stageFrom + " " + source + ": not under its WORKDIR " + workdir);
        }
        relative = source.substring(workdir.length() + 1);
      }
      Path host = checkout.resolve(relative).normalize();
      if (!Files.exists(host)) {
        throw new IllegalStateException(
            "COPY " + source + ": " + host + " does not exist (build it first)");
      }
      String target = destination.endsWith("/") ? destination + host.getFileName() : destination;
      files.put(target, host);
    }
  }

  private static void run(
      String command,
      Map<String, String> users,
      Map<String, String> groups,
      Map<String, String> dirs) {
    Matcher g = GROUPADD.matcher(command);
    while (g.find()) {
      groups.put(g.group(2), g.group(1));
    }
    Matcher u = USERADD.matcher(command);
    while (u.find()) {
      users.put(u.group(2), u.group(1));
    }
    Matcher m = MKDIR.matcher(command);
    while (m.find()) {
      for (String dir : m.group(1).strip().split("\\s+")) {
        dirs.putIfAbsent(dir, "0:0");
      }
    }
    Matcher c = CHOWN.matcher(command);
    while (c.find()) {
      String owner =
          users.getOrDefault(c.group(1), c.group(1))
              + ":"
              + groups.getOrDefault(c.group(2), c.group(2));
      for (String dir : c.group(3).strip().split("\\s+")) {
        dirs.put(dir, owner);
      }
    }
  }

  private static Map<String, String> envPairs(String arguments) {
    Map<String, String> pairs = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)")
            .matcher(arguments);
    while (m.find()) {
      String value = m.group(2);
      if (value.startsWith("\"")) {
        value = value.substring(1, value.length() - 1).replace("\\\"", "\"");
      }
      pairs.put(m.group(1), value);
    }
    return pairs;
  }

  private static List<String> execForm(String arguments) {
    if (arguments.isEmpty()) {
      return List.of();
    }
    if (!arguments.startsWith("[")) {
      return List.of("/bin/sh", "-c", arguments);
    }
    try {
      return new ObjectMapper().readValue(arguments, new TypeReference<List<String>>() {});
    } catch (IOException e) {
      throw new IllegalStateException("not an exec-form list: " + arguments, e);
    }
  }
}
