package dev.bulwark.compose;

import static dev.bulwark.compose.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Environment;
import dev.bulwark.core.reconcile.Controllers;
import dev.bulwark.engine.testing.TestingClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idle runtime: reconciles and rescans that find nothing new write nothing, and what changes
 * underneath it (a policy edited, a status file deleted) is still seen.
 */
class ComposeRuntimeIdleTest {
  private static final int POLICIES = 3;

  @TempDir Path root;
  private Path policies;
  private Path state;
  private TestingClock clock;
  private ComposeRuntime runtime;

  @BeforeEach
  void start() throws IOException {
    policies = Files.createDirectories(root.resolve("policies"));
    state = root.resolve("state");
    for (int i = 1; i <= POLICIES; i++) {
      Files.writeString(policies.resolve("p" + i + ".yaml"), policy("p" + i, 30));
    }
    clock = TestingClock.at("2026-03-01T10:00:00Z");
    runtime =
        new ComposeRuntime(
            new ComposeSettings(policies, state, Duration.ofMillis(50), Duration.ofMinutes(10)),
            Controllers.standard(Environment.of(Map.of())),
            clock);
    runtime.start();
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  @Test
  void anIdlePassWritesNoFile() {
    Map<Path, String> before = versions(state);
    long reconciles = runtime.reconcileCount();

    clock.advance(Duration.ofSeconds(31)); // every policy's history poll comes due
    await("every policy reconciled again", () -> runtime.reconcileCount() >= reconciles + POLICIES);
    long scans = runtime.scanCount();
    touchUnrelatedFile();
    await("a rescan", () -> runtime.scanCount() > scans);

    assertThat(versions(state)).as("every file under the state directory").isEqualTo(before);
  }

  @Test
  void aPolicyEditedInPlaceWithTheSameSizeIsSeen() throws IOException {
    Path file = policies.resolve("p1.yaml");
    Files.writeString(file, policy("p1", 31), StandardOpenOption.TRUNCATE_EXISTING);

    await("generation 2", () -> status("p1").generation() == 2);
    assertThat(status("p2").generation()).isEqualTo(1);
  }

  @Test
  void aStatusFileDeletedUnderneathIsWrittenAtTheNextReconcile() throws IOException {
    Path file = runtime.statusFile("BackupPolicy", "p2");
    String before = Files.readString(file);
    Files.delete(file);
    long reconciles = runtime.reconcileCount();

    clock.advance(Duration.ofSeconds(31));

    await("reconciled", () -> runtime.reconcileCount() >= reconciles + POLICIES);
    await("written again", () -> Files.exists(file));
    assertThat(StatusView.read(file).orElseThrow().generation()).isEqualTo(1);
    assertThat(Files.readString(file).replaceAll("\"updated_at\" : \"[^\"]*\"", ""))
        .isEqualTo(before.replaceAll("\"updated_at\" : \"[^\"]*\"", ""));
  }

  private StatusView status(String name) {
    return StatusView.read(runtime.statusFile("BackupPolicy", name)).orElseThrow();
  }

  private void touchUnrelatedFile() {
    try {
      Files.writeString(policies.resolve("notes.txt"), "an event: the loop scans");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every regular file with its identity and modification time: a rewrite changes either. */
  private static Map<Path, String> versions(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      Map<Path, String> versions = new TreeMap<>();
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        versions.put(
            dir.relativize(file), attributes.fileKey() + "@" + attributes.lastModifiedTime());
      }
      return versions;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String policy(String name, int hotDays) {
    return """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: %s}
        spec:
          target: local
          targets:
            local: {path: /tmp/bulwark-idle-test-repo}
          sources: [{path: /data, domain: raw}]
          schedule: {incremental: "0 0 1 1 *", full: "0 0 1 1 *", timeZone: UTC}
          retention: {hotDays: %d, coldDays: 180, keepLast: 10}
        """
        .formatted(name, hotDays);
  }
}
