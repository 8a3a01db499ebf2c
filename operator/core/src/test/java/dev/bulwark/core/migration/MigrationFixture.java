package dev.bulwark.core.migration;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.backup.LocalTargetOpener;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.jobs.BackupJobRunner;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.core.testing.TestingYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A policy over a tree of student profiles, backed up to a local repository, and a runner for it.
 */
final class MigrationFixture {
  final Path data;
  final Path state;
  final BackupPolicy policy;
  final PolicyRepositories repositories;
  final BackupJobRunner jobs;

  MigrationFixture(Path tmp) throws IOException {
    data = Files.createDirectories(tmp.resolve("data/student_profiles"));
    state = tmp.resolve("state");
    policy = TestingResources.backupPolicy("teaching-data");
    policy.getSpec().getSources().get(0).setPath(data.toString());
    policy.getSpec().getSources().get(0).setDomain("student_profiles");
    Environment environment = Environment.of(Map.of());
    repositories =
        new PolicyRepositories(
            environment, Map.of(TargetProvider.LOCAL, new LocalTargetOpener(state)));
    jobs =
        BackupJobRunner.builder(repositories, environment, new StatePaths(state))
            .lockWait(Duration.ofSeconds(2))
            .build();
  }

  static MigrationPlan plan() {
    return TestingYaml.resource("/migration/profiles-v1-to-v3.yaml", MigrationPlan.class);
  }

  MigrationRunner.Builder runner() {
    return MigrationRunner.builder(jobs, repositories, state).gate(MigrationGate.open());
  }

  MigrationRequest request(MigrationPlan plan) {
    return new MigrationRequest(
        plan, policy, Optional.empty(), false, "manual", "cli:test", Optional.empty());
  }

  /** Writes {@code count} v1 profiles in 10 classes, with fixed old mtimes. */
  void profiles(int count) throws IOException {
    for (int i = 0; i < count; i++) {
      Path file = data.resolve("class-" + (i % 10)).resolve("s-" + (10000 + i) + ".json");
      Files.createDirectories(file.getParent());
      String json =
          "{\n  \"schema_version\": 1,\n  \"student_id\": \"s-"
              + (10000 + i)
              + "\",\n"
              + "  \"name\": \"学生"
              + i
              + "\",\n  \"grade\": "
              + (7 + i % 3)
              + ",\n"
              + "  \"strengths\": [\"代数\", \"几何\"],\n  \"updated_at\": \"2026-11-21T10:00:00Z\"\n}\n";
      Files.writeString(file, json, StandardCharsets.UTF_8);
      Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + i));
    }
  }

  Path profile(int i) {
    return data.resolve("class-" + (i % 10)).resolve("s-" + (10000 + i) + ".json");
  }

  /** Every file below the data directory with its hash and mtime: equal trees, equal maps. */
  Map<String, String> tree() throws IOException {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> files = Files.walk(data.getParent())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        tree.put(
            data.getParent().relativize(f).toString(),
            sha256(Files.readAllBytes(f)) + " " + Files.getLastModifiedTime(f).toMillis());
      }
    }
    return tree;
  }

  /** Snapshot jobs recorded for the policy. */
  int snapshotsTaken() {
    return jobs.store().recent(Optional.empty(), "teaching-data", 100).size();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
