package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.core.Environment;
import dev.bulwark.core.backup.LocalTargetOpener;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.backup.PolicyRepository;
import dev.bulwark.core.postgres.PostgresTools;
import dev.bulwark.core.postgres.TestingPostgres;
import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.format.SnapshotType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bulwark restore --pg-database}, in-process against a real PostgreSQL: the policy's dump is
 * restored into a new database with the connection and password of the policy's source.
 */
class RestoreDatabaseTest {
  @RegisterExtension static final TestingPostgres POSTGRES = new TestingPostgres();

  @TempDir Path work;

  @Test
  void restoresThePolicysDumpIntoANamedDatabaseAndRefusesANonEmptyOne() throws Exception {
    POSTGRES.createDatabase("app");
    POSTGRES.sql(
        "app",
        "CREATE TABLE notes (id int PRIMARY KEY, body text, blob bytea);"
            + " INSERT INTO notes SELECT i, 'note ' || i, decode(md5(i::text), 'hex')"
            + " FROM generate_series(1, 2000) i;");
    Path passwordFile = Files.writeString(work.resolve("pg-password"), POSTGRES.password() + "\n");
    Path policies = Files.createDirectories(work.resolve("policies"));
    Files.writeString(
        policies.resolve("app.yaml"),
        String.join(
            "\n",
            "apiVersion: bulwark.dev/v1alpha1",
            "kind: BackupPolicy",
            "metadata: {name: app}",
            "spec:",
            "  env: test",
            "  target: local",
            "  targets: {local: {path: " + work.resolve("repo") + "}}",
            "  sources:",
            "    - postgres:",
            "        host: 127.0.0.1",
            "        port: " + POSTGRES.superuser().port(),
            "        database: app",
            "        user: " + TestingPostgres.SUPERUSER,
            "        passwordFrom: {file: " + passwordFile + "}",
            "      domain: serving",
            "      priority: P0",
            ""));
    Path state = work.resolve("state");
    BackupPolicy policy = new PolicyLookup(policies, Environment.system()).backupPolicy("app");
    PolicyRepository bound =
        new PolicyRepositories(
                Environment.of(Map.of(PostgresTools.BINDIR_VARIABLE, POSTGRES.binDir().toString())),
                Map.of(TargetProvider.LOCAL, new LocalTargetOpener(state)))
            .open(policy, Optional.empty());
    new BackupEngine(bound.repository())
        .backup(
            BackupRequest.builder()
                .streams(bound.databases())
                .snapshotType(SnapshotType.FULL)
                .build());
    String dumped =
        POSTGRES.sql(
            "app", "SELECT count(*), md5(string_agg(n::text, ',' ORDER BY id)) FROM notes n;");
    POSTGRES.sql("app", "DELETE FROM notes WHERE id > 10;");

    String[] restore = {
      "restore",
      "--policy",
      "app",
      "--policies",
      policies.toString(),
      "--state",
      state.toString(),
      "--pg-database",
      "app_copy"
    };
    assertThat(Bulwark.commandLine().execute(restore)).isZero();
    assertThat(
            POSTGRES.sql(
                "app_copy",
                "SELECT count(*), md5(string_agg(n::text, ',' ORDER BY id)) FROM notes n;"))
        .isEqualTo(dumped);
    assertThat(Bulwark.commandLine().execute(restore)).as("app_copy is not empty now").isEqualTo(1);
    assertThat(
            Bulwark.commandLine()
                .execute(
                    "restore",
                    "--policy",
                    "app",
                    "--policies",
                    policies.toString(),
                    "--state",
                    state.toString(),
                    "--pg-database",
                    "app_copy",
                    "--to",
                    work.resolve("x").toString()))
        .as("--to and --pg-database together")
        .isEqualTo(2);
  }
}
