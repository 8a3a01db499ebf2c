package dev.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bulwark.compose.status.StateLayout;
import dev.bulwark.compose.status.StatusFile;
import dev.bulwark.compose.status.StatusFileStore;
import dev.bulwark.compose.status.UnattributedFiles;
import dev.bulwark.core.Environment;
import dev.bulwark.core.gate.GateDecision;
import dev.bulwark.core.gate.GateFile;
import dev.bulwark.core.gate.GateFileException;
import dev.bulwark.core.gate.ReleaseGate;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bulwark status}: every resource compose mode serves, with readiness and what comes next. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show the policies, drills and migration plans of a state directory at a glance, then the release gate.",
      "Exit 0 when every served resource is Ready, 1 when any is not, 2 when there is no state."
    })
final class StatusCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Mixin StateOptions options;

  @Option(names = "--json", description = "Print the status files as one JSON array.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(options.state())) {
      System.err.println(
          "bulwark status: no state directory " + options.state()
              + " (start `bulwark run` first, or pass --state / BULWARK_STATE)");
      return 2;
    }
    StatusFileStore store = new StatusFileStore(new StateLayout(options.state()));
    List<StatusFile> files = store.readAll();
    List<UnattributedFiles.Entry> unattributed = unattributed(store);
    if (json) {
      System.out.println(JSON.writeValueAsString(files));
    } else {
      printTable(files, unattributed);
      printGate();
    }
    boolean allReady = files.stream().filter(f -> !f.deleted()).allMatch(f -> "True".equals(ready(f).path("status").asText()));
    return allReady && unattributed.isEmpty() ? 0 : 1;
  }

  /** Policy files no resource can be read from; an unreadable record counts as one such problem. */
  private static List<UnattributedFiles.Entry> unattributed(StatusFileStore store) {
    try {
      return store.readUnattributed().map(UnattributedFiles::files).orElse(List.of());
    } catch (RuntimeException e) {
      return List.of(new UnattributedFiles.Entry(
          store.layout().unattributedFile().getFileName().toString(), "Unreadable", e.getMessage(), null, List.of()));
    }
  }

  private static void printTable(List<StatusFile> files, List<UnattributedFiles.Entry> unattributed) {
    String format = "%-14s %-28s %-4s %-6s %-18s %-7s %s%n";
    System.out.printf(format, "KIND", "NAME", "GEN", "READY", "REASON", "INC24H", "DETAIL");
    for (StatusFile file : files) {
      JsonNode ready = ready(file);
      System.out.printf(
          format,
          file.kind(),
          file.name(),
          file.metadata().generation(),
          file.deleted() ? "-" : ready.path("status").asText("?"),
          ready.path("reason").asText(""),
          incrementalSuccess(file),
          detail(file, ready));
    }
    // Files that name no resource have no status file, but block the gate all the same.
    for (UnattributedFiles.Entry entry : unattributed) {
      System.out.printf(format, "PolicyFile", entry.file(), "-", "False", entry.reason(), "-", entry.message());
    }
  }

  /** The gate line, evaluated again now as `bulwark gate check` does; its exit code stays gate check's. */
  private void printGate() {
    System.out.println();
    GateFile file = GateFile.in(options.state());
    try {
      Optional<GateDecision> written = file.read();
      if (written.isEmpty()) {
        System.out.println("GATE   unknown: no gate.json yet (`bulwark run` writes it)");
        return;
      }
      GateDecision previous = written.get();
      GateDecision decision =
          ReleaseGate.evaluate(
              previous.inputs(), previous.settings().overriddenBy(Environment.system()), Instant.now());
      System.out.println("GATE   " + (decision.open() ? "open" : "blocked"));
      decision.reasons().forEach(reason -> System.out.println("  - " + reason));
    } catch (GateFileException | IllegalArgumentException e) {
      System.out.println("GATE   unknown: " + e.getMessage());
    }
  }

  /** A policy's incremental success rate over 24 hours (R25: at least 99 %); "-" when none ran or for other kinds. */
  static String incrementalSuccess(StatusFile file) {
    JsonNode ratio = file.status() == null ? null : file.status().path("incrementalSuccess24h").path("ratio");
    if (ratio == null || !ratio.isNumber()) {
      return "-";
    }
    return String.format(java.util.Locale.ROOT, "%.1f%%", ratio.asDouble() * 100);
  }

  private static String detail(StatusFile file, JsonNode ready) {
    JsonNode status = file.status();
    if (file.deleted()) {
      return "deleted from " + file.source().file();
    }
    if (!"True".equals(ready.path("status").asText())) {
      return ready.path("message").asText("");
    }
    if (status.hasNonNull("nextIncremental")) {
      return "next incremental " + status.get("nextIncremental").asText()
          + ", next full " + status.path("nextFull").asText();
    }
    if (status.hasNonNull("nextRun")) {
      return "next run " + status.get("nextRun").asText();
    }
    return status.path("phase").asText("");
  }

  private static JsonNode ready(StatusFile file) {
    if (file.status() != null) {
      for (JsonNode condition : file.status().path("conditions")) {
        if ("Ready".equals(condition.path("type").asText())) {
          return condition;
        }
      }
    }
    return JSON.missingNode();
  }
}
