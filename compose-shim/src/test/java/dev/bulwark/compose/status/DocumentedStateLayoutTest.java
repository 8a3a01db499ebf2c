package dev.bulwark.compose.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.StatePaths;
import dev.bulwark.core.drills.DrillPaths;
import dev.bulwark.core.migration.MigrationPaths;
import dev.bulwark.core.replay.ReplayPaths;
import dev.bulwark.manifests.ResourceKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The tree of the state directory in docs/status-files.md ("Layout") is the code's layout: every
 * path the layout classes give is documented, and every documented path is one of them. Names are
 * sample values the code accepts, written back as the document's placeholders.
 */
class DocumentedStateLayoutTest {
  private static final Path DOC = Path.of("..", "docs", "status-files.md");
  private static final Path STATE = Path.of("/state");
  private static final Optional<String> COMPOSE = Optional.empty();
  private static final Map<String, String> PLACEHOLDERS =
      Map.of(
          "name0", "<name>",
          "policy0", "<policy>",
          "drill0", "<drill>",
          "plan0", "<plan>",
          "target0", "<target>",
          "day0", "<day>");

  @Test
  void theDocumentedTreeIsTheCodesLayout() throws IOException {
    assertThat(documentedTree()).containsExactlyInAnyOrderElementsOf(codeLayout());
  }

  private static TreeSet<String> codeLayout() {
    StateLayout compose = new StateLayout(STATE);
    StatePaths core = new StatePaths(STATE);
    DrillPaths drills = new DrillPaths(core);
    MigrationPaths migrations = new MigrationPaths(STATE);
    ReplayPaths replays = new ReplayPaths(STATE);
    List<Path> files = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    for (ResourceKind kind : ResourceKind.values()) {
      files.add(compose.statusFile(kind.kind(), "name0"));
    }
    files.add(compose.unattributedFile());
    files.add(compose.daemonLease());
    files.add(compose.gateFile());
    files.add(compose.latestFile("target0"));
    files.add(core.auditLog());
    files.add(compose.restoreAuditLog());
    files.add(compose.migrationAuditLog());
    files.add(drills.restoreAudit());
    files.add(migrations.audit());
    files.add(replays.audit());
    // Record folders hold <id>.json files and the run lock ".lock" (RecordFolder, RunLock); the
    // job store's two side files have no layout accessor of their own.
    Path jobs = core.jobsDir(COMPOSE, "policy0");
    files.add(jobs.resolve("<job_id>.json"));
    files.add(jobs.resolve(".lock"));
    files.add(jobs.resolve("lifecycle.state"));
    files.add(jobs.resolve("history.state"));
    Path drillRuns = drills.runsDir(COMPOSE, "drill0");
    files.add(drillRuns.resolve("<run_id>.json"));
    files.add(drillRuns.resolve(".lock"));
    files.add(drills.proofFile(COMPOSE, "policy0"));
    dirs.add(drills.defaultSandbox("drill0", "<run_id>"));
    // The verify folder is named here, not taken from VerifyStore: that class is giving way to the
    // run framework (then StatePaths.verifyDir gives it).
    Path verifyRuns = STATE.resolve("verify").resolve("policy0");
    files.add(verifyRuns.resolve("<run_id>.json"));
    files.add(verifyRuns.resolve(".lock"));
    // A plan's run lock and scratch folders sit beside its run records (MigrationRunner,
    // ReplayRunner).
    files.add(migrations.runs(COMPOSE, "plan0").resolve("<run_id>.json"));
    files.add(migrations.journal(COMPOSE, "plan0"));
    files.add(migrations.planDir(COMPOSE, "plan0").resolve("run.lock"));
    dirs.add(migrations.planDir(COMPOSE, "plan0").resolve("scratch-<run_id>"));
    Path replayRuns = replays.runs(COMPOSE, "plan0");
    files.add(replayRuns.resolve("<run_id>.json"));
    files.add(replayRuns.getParent().resolve("run.lock"));
    dirs.add(replayRuns.getParent().resolve("scratch-<run_id>"));
    files.add(replays.planRecord(COMPOSE, "plan0", "day0"));
    files.add(replays.evidence(COMPOSE, "plan0", "day0"));
    files.add(replays.comparison(COMPOSE, "plan0", "day0"));
    // One folder per repository, named by a digest of it (engine ParentCache).
    dirs.add(core.parentCacheDir().resolve("<repo>"));
    // Configuration, not layout: policies/demo.yaml puts its local target here.
    dirs.add(STATE.resolve("repository"));

    TreeSet<String> layout = new TreeSet<>();
    files.forEach(file -> layout.add(documented(file)));
    dirs.forEach(dir -> layout.add(documented(dir) + "/"));
    return layout;
  }

  private static String documented(Path path) {
    String relative = STATE.relativize(path).toString().replace('\\', '/');
    for (Map.Entry<String, String> placeholder : PLACEHOLDERS.entrySet()) {
      relative = relative.replace(placeholder.getKey(), placeholder.getValue());
    }
    return relative;
  }

  /** The leaves of the tree under "## Layout": nested folders joined to their parents. */
  private static TreeSet<String> documentedTree() throws IOException {
    List<String> lines = Files.readAllLines(DOC);
    int start = lines.indexOf("## Layout");
    assertThat(start).as("a Layout section in %s", DOC).isNotNegative();
    int open = start + 1;
    while (!lines.get(open).equals("```")) {
      open++;
    }
    List<String> tree = new ArrayList<>();
    for (int i = open + 1; !lines.get(i).equals("```"); i++) {
      tree.add(lines.get(i));
    }
    assertThat(tree.get(0)).isEqualTo("<state>/");
    TreeSet<String> paths = new TreeSet<>();
    List<String> parents = new ArrayList<>();
    for (int i = 1; i < tree.size(); i++) {
      String line = tree.get(i);
      int depth = (indent(line) - 2) / 2;
      String path = line.strip().split("\\s+")[0];
      while (parents.size() > depth) {
        parents.remove(parents.size() - 1);
      }
      boolean parent = i + 1 < tree.size() && indent(tree.get(i + 1)) > indent(line);
      if (parent) {
        parents.add(path);
      } else {
        paths.add(String.join("", parents) + path);
      }
    }
    return paths;
  }

  private static int indent(String line) {
    return line.length() - line.stripLeading().length();
  }
}
