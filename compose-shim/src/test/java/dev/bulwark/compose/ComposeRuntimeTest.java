package dev.bulwark.compose;

import static dev.bulwark.compose.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Environment;
import dev.bulwark.core.reconcile.Controllers;
import dev.bulwark.manifests.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compose runtime end to end with the core controllers, real files and a real WatchService. */
class ComposeRuntimeTest {
  private static final String POLICY =
      """
      apiVersion: bulwark.dev/v1alpha1
      kind: BackupPolicy
      metadata:
        name: %s
      spec:
        target: local
        sources:
          - {path: ../data, domain: raw, priority: P0}
        schedule: {incremental: "%s", full: "0 2 * * *", timeZone: UTC}
      """;

  @TempDir Path root;
  private Path policies;
  private Path state;
  private ComposeRuntime runtime;

  @BeforeEach
  void directories() throws IOException {
    policies = Files.createDirectories(root.resolve("policies"));
    state = root.resolve("state");
    Files.createDirectories(root.resolve("data"));
  }

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void writesAStatusFileForEachDocumentOfAMultiDocumentFile() throws IOException {
    write(
        "demo.yaml",
        policy("demo", "*/5 * * * *")
            + """
        ---
        apiVersion: bulwark.dev/v1alpha1
        kind: RestoreDrill
        metadata: {name: demo-drill}
        spec: {policyRef: demo, level: L1}
        """);

    start();

    StatusView policy = status("BackupPolicy", "demo");
    assertThat(policy.ready()).isEqualTo("True");
    assertThat(policy.generation()).isEqualTo(1);
    assertThat(policy.json().at("/status/observedGeneration").asLong()).isEqualTo(1);
    assertThat(policy.json().at("/status/nextIncremental").asText()).isNotEmpty();
    assertThat(policy.json().path("format_version").asInt()).isEqualTo(1);
    assertThat(policy.json().at("/source/file").asText()).isEqualTo("demo.yaml");
    assertThat(policy.json().at("/source/line").asInt()).isEqualTo(1);
    assertThat(policy.deleted()).isFalse();
    StatusView drill = status("RestoreDrill", "demo-drill");
    assertThat(drill.ready()).as(drill.readyMessage()).isEqualTo("True");
    assertThat(drill.json().at("/source/line").asInt()).isEqualTo(11);
    assertThat(runtime.statusFile("BackupPolicy", "demo"))
        .isEqualTo(state.resolve("status/backuppolicy/demo.json"));
  }

  @Test
  void anEditedFileUpdatesItsStatusAndGeneration() throws IOException {
    write("demo.yaml", policy("demo", "*/5 * * * *"));
    start();
    String readySince =
        status("BackupPolicy", "demo").condition("Ready").path("lastTransitionTime").asText();

    write("demo.yaml", policy("demo", "*/10 * * * *"));

    await("generation 2", () -> status("BackupPolicy", "demo").generation() == 2);
    StatusView updated = status("BackupPolicy", "demo");
    assertThat(updated.json().at("/status/observedGeneration").asLong()).isEqualTo(2);
    assertThat(updated.readyMessage()).contains("*/10 * * * *");
    assertThat(updated.condition("Ready").path("lastTransitionTime").asText())
        .as("Ready stayed True, so its transition time is kept")
        .isEqualTo(readySince);

    long scans = runtime.scanCount();
    write("demo.yaml", "# only a comment changed\n" + policy("demo", "*/10 * * * *"));
    await("a scan after the comment edit", () -> runtime.scanCount() > scans);
    assertThat(status("BackupPolicy", "demo").generation())
        .as("comments are not spec")
        .isEqualTo(2);
  }

  @Test
  void aBrokenFileGetsAnErrorStatusWhileOtherFilesKeepWorking() throws IOException {
    write("a.yaml", policy("alpha", "*/5 * * * *"));
    write("b.yaml", policy("beta", "*/5 * * * *"));
    start();

    write(
        "a.yaml",
        policy("alpha", "*/5 * * * *").replace("  target: local", "  target: local\n   oops: ["));
    await(
        "alpha unreadable",
        () -> status("BackupPolicy", "alpha").readyReason().equals("DocumentUnreadable"));
    StatusView alpha = status("BackupPolicy", "alpha");
    assertThat(alpha.ready()).isEqualTo("False");
    assertThat(alpha.condition("Valid").path("status").asText()).isEqualTo("False");
    assertThat(alpha.readyMessage()).contains("a.yaml:7: syntax error at column");
    assertThat(alpha.json().at("/status/nextIncremental").isMissingNode()).isTrue();
    assertThat(alpha.json().at("/problems/0/line").asInt()).isEqualTo(7);

    write("b.yaml", policy("beta", "*/15 * * * *"));
    await("beta still served", () -> status("BackupPolicy", "beta").generation() == 2);
    assertThat(status("BackupPolicy", "beta").ready()).isEqualTo("True");

    write("a.yaml", policy("alpha", "*/5 * * * *"));
    await("alpha fixed", () -> status("BackupPolicy", "alpha").ready().equals("True"));
    assertThat(status("BackupPolicy", "alpha").generation())
        .as("same spec as before it broke")
        .isEqualTo(1);
  }

  @Test
  void aBadFieldIsReportedWithItsLineAndTheResourceIsNotServed() throws IOException {
    write("demo.yaml", policy("demo", "*/5 * * * *"));
    start();

    write("demo.yaml", policy("demo", "*/5 * * * *").replace("target: local", "target: ftp"));

    await("spec invalid", () -> status("BackupPolicy", "demo").readyReason().equals("SpecInvalid"));
    StatusView invalid = status("BackupPolicy", "demo");
    assertThat(invalid.generation()).isEqualTo(2);
    assertThat(invalid.condition("Valid").path("message").asText())
        .isEqualTo(
            "spec.target: unknown value \"ftp\"; allowed values: local, s3, oss ("
                + new SourceLocation(policies.resolve("demo.yaml"), 6)
                + ")");
    assertThat(invalid.json().at("/problems/0/field").asText()).isEqualTo("spec.target");
  }

  @Test
  void aSemanticErrorFromTheCoreControllerIsTheStatusToo() throws IOException {
    write("demo.yaml", policy("demo", "every five minutes"));

    start();

    StatusView invalid = status("BackupPolicy", "demo");
    assertThat(invalid.ready()).isEqualTo("False");
    assertThat(invalid.condition("Valid").path("reason").asText()).isEqualTo("SpecInvalid");
    assertThat(invalid.condition("Valid").path("message").asText())
        .startsWith("spec.schedule.incremental:");
    // The status names the field's line, as `bulwark validate` does, not the document's first line.
    assertThat(invalid.json().at("/problems/0/field").asText())
        .isEqualTo("spec.schedule.incremental");
    assertThat(invalid.json().at("/problems/0/line").asInt()).isEqualTo(9);
    assertThat(invalid.json().at("/problems/0/severity").asText()).isEqualTo("error");
    assertThat(invalid.json().at("/problems/0/file").asText()).isEqualTo("demo.yaml");
    assertThat(invalid.json().at("/problems/0/message").asText())
        .startsWith("invalid cron expression 'every five minutes'");

    write("demo.yaml", policy("demo", "*/5 * * * *"));
    await("fixed", () -> status("BackupPolicy", "demo").ready().equals("True"));
    assertThat(status("BackupPolicy", "demo").json().at("/problems")).isEmpty();
  }

  @Test
  void deletingAFileMarksItsResourcesDeleted() throws IOException {
    write("keep.yaml", policy("keep", "*/5 * * * *"));
    write("gone.yaml", policy("gone", "*/5 * * * *"));
    start();

    Files.delete(policies.resolve("gone.yaml"));

    await("gone deleted", () -> status("BackupPolicy", "gone").deleted());
    StatusView gone = status("BackupPolicy", "gone");
    assertThat(gone.ready()).isEqualTo("False");
    assertThat(gone.readyReason()).isEqualTo("Deleted");
    assertThat(status("BackupPolicy", "keep").deleted()).isFalse();
  }

  @Test
  void aRestartResumesFromTheStatusFiles() throws IOException {
    write("demo.yaml", policy("demo", "*/5 * * * *"));
    start();
    write("demo.yaml", policy("demo", "*/10 * * * *"));
    await("generation 2", () -> status("BackupPolicy", "demo").generation() == 2);
    StatusView before = status("BackupPolicy", "demo");
    runtime.close();

    start();

    StatusView after = status("BackupPolicy", "demo");
    assertThat(after.generation()).isEqualTo(2);
    assertThat(after.condition("Ready").path("lastTransitionTime"))
        .isEqualTo(before.condition("Ready").path("lastTransitionTime"));
    assertThat(after.condition("Valid").path("lastTransitionTime"))
        .isEqualTo(before.condition("Valid").path("lastTransitionTime"));
    runtime.close();

    write("demo.yaml", policy("demo", "*/20 * * * *"));
    start();
    assertThat(status("BackupPolicy", "demo").generation()).as("edited while stopped").isEqualTo(3);
  }

  @Test
  void resourcesInNewSubdirectoriesAreServed() throws IOException {
    start();

    Path team = Files.createDirectories(policies.resolve("teams/red"));
    Files.writeString(
        team.resolve("red.yaml"), policy("red", "*/5 * * * *").replace("../data", "../../../data"));

    await("red served", () -> statusIs("BackupPolicy", "red", v -> v.ready().equals("True")));
    assertThat(status("BackupPolicy", "red").json().at("/source/file").asText())
        .isEqualTo("teams/red/red.yaml");
  }

  @Test
  void aDuplicateNameIsAnErrorForTheSecondDefinitionOnly() throws IOException {
    write("a.yaml", policy("demo", "*/5 * * * *"));
    start();

    write("b.yaml", policy("demo", "*/30 * * * *"));

    await(
        "duplicate recorded",
        () -> status("BackupPolicy", "demo").json().path("problems").size() == 1);
    StatusView demo = status("BackupPolicy", "demo");
    assertThat(demo.ready()).isEqualTo("True");
    assertThat(demo.json().at("/source/file").asText()).isEqualTo("a.yaml");
    assertThat(demo.json().at("/problems/0/file").asText()).isEqualTo("b.yaml");
    assertThat(demo.json().at("/problems/0/message").asText())
        .contains("already defined at a.yaml:1");
  }

  @Test
  void nothingIsEverWrittenUnderThePoliciesDirectory() throws IOException {
    write("demo.yaml", policy("demo", "*/5 * * * *"));
    write(
        "nested/broken.yaml",
        "apiVersion: bulwark.dev/v1alpha1\nkind: BackupPolicy\nmetadata: {name: [\n");
    Map<String, String> before = tree(policies);

    start();
    write("other.yaml", policy("other", "*/5 * * * *"));
    await("other served", () -> statusIs("BackupPolicy", "other", v -> v.ready().equals("True")));
    Files.delete(policies.resolve("other.yaml"));
    await("other deleted", () -> status("BackupPolicy", "other").deleted());
    runtime.close();

    assertThat(tree(policies)).isEqualTo(before);
  }

  @Test
  void refusesAStateDirectoryInsideThePoliciesAndAMissingPoliciesDirectory() {
    ComposeRuntime inside =
        new ComposeRuntime(
            new ComposeSettings(policies, policies.resolve(".bulwark")),
            Controllers.standard(Environment.of(Map.of())),
            Clock.systemUTC());
    assertThatThrownBy(inside::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inside the policies directory");
    ComposeRuntime missing =
        new ComposeRuntime(
            new ComposeSettings(root.resolve("nope"), state),
            Controllers.standard(Environment.of(Map.of())),
            Clock.systemUTC());
    assertThatThrownBy(missing::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
    assertThat(policies.resolve(".bulwark")).doesNotExist();
  }

  private void start() {
    runtime =
        new ComposeRuntime(
            new ComposeSettings(policies, state, Duration.ofMillis(100), Duration.ofMinutes(10)),
            Controllers.standard(Environment.of(Map.of())),
            Clock.systemUTC());
    runtime.start();
  }

  private StatusView status(String kind, String name) {
    return StatusView.read(
            state.resolve("status").resolve(kind.toLowerCase()).resolve(name + ".json"))
        .orElseThrow(() -> new AssertionError("no status file for " + kind + "/" + name));
  }

  private boolean statusIs(String kind, String name, Predicate<StatusView> condition) {
    return StatusView.read(
            state.resolve("status").resolve(kind.toLowerCase()).resolve(name + ".json"))
        .map(condition::test)
        .orElse(false);
  }

  private static String policy(String name, String incremental) {
    return POLICY.formatted(name, incremental);
  }

  private void write(String name, String content) throws IOException {
    Path file = policies.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  /** Every path under {@code dir} with a hash of its content (directories too). */
  private static Map<String, String> tree(Path dir) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.toList()) {
        tree.put(
            dir.relativize(path).toString(),
            Files.isDirectory(path) ? "dir" : sha256(Files.readAllBytes(path)));
      }
    }
    return tree;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
