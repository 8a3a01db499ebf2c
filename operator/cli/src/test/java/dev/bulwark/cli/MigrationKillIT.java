package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bulwark migrate} killed with kill -9 in the middle of migrating thousands of objects, then
 * run again: the second run ends consistent (every object at the target version, each a complete
 * JSON document) and leaves no temporary file or journal behind.
 */
class MigrationKillIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int OBJECTS = 3000;

  @TempDir Path work;
  private Process process;

  @AfterEach
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aKilledMigrationEndsConsistentWhenRunAgain() throws Exception {
    Path profiles = Files.createDirectories(work.resolve("data/student_profiles"));
    for (int i = 0; i < OBJECTS; i++) {
      Files.writeString(
          profiles.resolve(String.format("p-%04d.json", i)),
          "{\"schema_version\": 1, \"name\": \"s-" + i + "\", \"strengths\": [\"math\"]}");
    }
    Path policies = Files.createDirectories(work.resolve("policies"));
    Path state = work.resolve("state");
    Files.writeString(
        policies.resolve("plan.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: profiles}
        spec:
          target: local
          sources: [{path: %s, domain: student_profiles}]
        ---
        apiVersion: bulwark.dev/v1alpha1
        kind: MigrationPlan
        metadata: {name: profiles-v1-to-v3}
        spec:
          policyRef: profiles
          selectors: [{paths: ["student_profiles/*.json"], format: json}]
          from: 1
          to: 3
          steps:
            - {from: 1, to: 2, operations: [{op: addMetadata, path: /data_domain, value: "{domain}"}]}
            - {from: 2, to: 3, operations: [{op: move, from: /strengths, path: /profile/strengths}]}
          mode: apply
          requireGate: false
        """
            .formatted(profiles));
    String[] migrate = {
      "migrate",
      "--plan",
      "profiles-v1-to-v3",
      "--policies",
      policies.toString(),
      "--state",
      state.toString()
    };
    Path journal = state.resolve("migrations/profiles-v1-to-v3/journal.json");
    Path log = work.resolve("migrate.log");

    process = BulwarkProcess.start(work, Map.of(), log, migrate);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (!(Files.exists(journal) && version(profiles.resolve("p-0000.json")) == 3)) {
      assertThat(process.isAlive())
          .as("the migration is still running; log:\n%s", read(log))
          .isTrue();
      assertThat(Instant.now()).as("the migration started writing objects").isBefore(deadline);
      Thread.sleep(20);
    }
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9 mid-migration
    assertThat(version(profiles.resolve(String.format("p-%04d.json", OBJECTS - 1))))
        .as("killed before the last object")
        .isEqualTo(1);

    BulwarkProcess.Result again = BulwarkProcess.run(work, Map.of(), migrate);

    assertThat(again.exitCode()).as(again.stderr()).isZero();
    try (Stream<Path> files = Files.list(profiles)) {
      List<Path> all = files.sorted().toList();
      assertThat(all)
          .hasSize(OBJECTS)
          .allMatch(f -> f.getFileName().toString().matches("p-\\d{4}\\.json"));
      for (Path file : all) {
        JsonNode document = JSON.readTree(file.toFile()); // every file is a complete document
        assertThat(document.path("schema_version").asInt()).as(file.toString()).isEqualTo(3);
        assertThat(document.at("/profile/strengths/0").asText())
            .as(file.toString())
            .isEqualTo("math");
        assertThat(document.path("data_domain").asText())
            .as(file.toString())
            .isEqualTo("student_profiles");
      }
    }
    assertThat(journal).doesNotExist();
  }

  private static int version(Path file) {
    try {
      return JSON.readTree(file.toFile()).path("schema_version").asInt();
    } catch (IOException e) {
      return -1; // never a partial file: a read can only race the rename, not a half-written object
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
