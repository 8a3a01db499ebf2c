package dev.bulwark.core.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.Source;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.migration.MigrationMode;
import dev.bulwark.api.migration.MigrationPhase;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.backup.LocalTargetOpener;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.jobs.BackupJobRunner;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.core.testing.TestingYaml;
import dev.bulwark.core.validation.ResourceValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The teaching-data example of examples/migration: valid, and it takes every object from v1 to v3.
 */
class ExampleMigrationTest {
  private static final Path EXAMPLE =
      Path.of("../../examples/migration").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void theExamplePlanIsValidAndMigratesTheSampleDataToV3() throws IOException {
    BackupPolicy policy =
        (BackupPolicy) TestingYaml.file(EXAMPLE.resolve("backup-policy.yaml")).get(0);
    MigrationPlan plan =
        (MigrationPlan) TestingYaml.file(EXAMPLE.resolve("migration-plan.yaml")).get(0);
    Path data = tmp.resolve("sample-data-v1");
    copy(EXAMPLE.resolve("sample-data-v1"), data);
    for (Source source : policy.getSpec().getSources()) {
      source.setPath(tmp.resolve(source.getPath()).toString());
    }
    policy.getSpec().setEncryption(null);
    assertThat(
            new ResourceValidator(Environment.of(Map.of()))
                .validate(plan, TestingResources.lookupOf(policy)))
        .isEmpty();
    plan.getSpec().setMode(MigrationMode.APPLY);
    plan.getSpec().setRequireGate(false);
    Path state = tmp.resolve("state");
    Environment environment = Environment.of(Map.of());
    PolicyRepositories repositories =
        new PolicyRepositories(
            environment, Map.of(TargetProvider.LOCAL, new LocalTargetOpener(state)));
    BackupJobRunner jobs =
        BackupJobRunner.builder(repositories, environment, new StatePaths(state)).build();

    MigrationReport report =
        MigrationRunner.builder(jobs, repositories, state)
            .build()
            .run(
                new MigrationRequest(
                    plan, policy, Optional.empty(), false, "manual", "cli:test", Optional.empty()));

    assertThat(report.phase()).as(report.message()).isEqualTo(MigrationPhase.SUCCEEDED);
    assertThat(report.migrated()).isEqualTo(5);
    JsonNode exam =
        JSON.readTree(data.resolve("serving/exams/exam-2026-11-20/manifest.json").toFile());
    assertThat(exam.get("schema_version").asInt()).isEqualTo(3);
    assertThat(exam.get("data_domain").asText()).isEqualTo("serving");
    assertThat(exam.get("question_count").asInt()).isEqualTo(25);
    assertThat(exam.get("source_refs").get(0).asText())
        .isEqualTo("serving/exams/exam-2026-11-20/manifest.json");
    JsonNode meta = JSON.readTree(data.resolve("serving/assignments/a-001/meta.json").toFile());
    assertThat(meta.get("due_at").asText()).isEqualTo("2026-11-21T23:59:00Z");
    JsonNode profile = JSON.readTree(data.resolve("student_profiles/s-1001.json").toFile());
    assertThat(profile.get("data_domain").asText()).isEqualTo("student_profiles");
    assertThat(profile.at("/profile/weaknesses/0").asText()).isEqualTo("几何证明");
    assertThat(profile.get("locale").asText()).isEqualTo("zh-CN");
    JsonNode workspace =
        new YAMLMapper().readTree(data.resolve("teacher_workspaces/t-01/config.yaml").toFile());
    assertThat(workspace.get("schema_version").asInt()).isEqualTo(3);
    assertThat(workspace.get("data_domain").asText()).isEqualTo("teacher_workspaces");
    assertThat(workspace.get("display_name").asText()).isEqualTo("王老师");
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
