package dev.bulwark.core.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.LocalTargetSettings;
import dev.bulwark.api.backup.PostgresSource;
import dev.bulwark.api.backup.Priority;
import dev.bulwark.api.backup.Source;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.backup.TargetSettings;
import dev.bulwark.api.common.SecretRef;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.backup.LocalTargetOpener;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.backup.PolicyRepository;
import dev.bulwark.core.jobs.BackupJobRunner;
import dev.bulwark.core.jobs.JobControl;
import dev.bulwark.core.jobs.JobOrder;
import dev.bulwark.core.jobs.JobOutcome;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.engine.BackupFailedException;
import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.progress.ProgressListener;
import dev.bulwark.engine.restore.StreamReader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end against a real PostgreSQL: a policy's postgres source is dumped by pg_dump into a
 * snapshot through PolicyRepositories and the BackupEngine, and restored by PostgresRestorer into a
 * new database that matches the state at dump time.
 */
class PostgresBackupTest {
  @RegisterExtension static final TestingPostgres POSTGRES = new TestingPostgres();

  private static final String PASSWORD_VARIABLE = "SHOP_PG_PASSWORD";
  private static final String[] TABLES = {"customers", "orders", "attachments"};

  @TempDir Path tmp;
  private String database;
  private static int databases;

  @BeforeEach
  void createShop() throws Exception {
    database = "shop_" + (++databases);
    POSTGRES.createDatabase(database);
    POSTGRES.sql(
        database,
        """
        CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, email text);
        CREATE TABLE orders (
          id bigserial PRIMARY KEY, customer_id int REFERENCES customers(id),
          amount numeric(12, 2), placed timestamptz);
        CREATE TABLE attachments (id int PRIMARY KEY, content bytea);
        INSERT INTO customers SELECT i, 'customer ' || i, 'c' || i || '@example.org'
          FROM generate_series(1, 3000) i;
        INSERT INTO orders (customer_id, amount, placed)
          SELECT 1 + i % 3000, (i * 37 % 10000) / 100.0,
                 timestamptz '2026-01-01 00:00:00+00' + i * interval '1 minute'
          FROM generate_series(1, 5000) i;
        INSERT INTO attachments
          SELECT i, (SELECT decode(string_agg(md5(i || '-' || j), ''), 'hex')
                     FROM generate_series(1, 32) j)
          FROM generate_series(1, 2000) i;
        INSERT INTO attachments VALUES (0, '\\x00ff00'::bytea);
        """);
  }

  private BackupPolicy policy(String db) {
    BackupPolicy policy = TestingResources.backupPolicy("shop");
    PostgresSource pg = new PostgresSource();
    pg.setHost("127.0.0.1");
    pg.setPort(POSTGRES.superuser().port());
    pg.setDatabase(db);
    pg.setUser(TestingPostgres.SUPERUSER);
    SecretRef password = new SecretRef();
    password.setEnv(PASSWORD_VARIABLE);
    pg.setPasswordFrom(password);
    Source source = new Source();
    source.setPostgres(pg);
    source.setDomain("serving");
    source.setPriority(Priority.P0);
    policy.getSpec().getSources().clear();
    policy.getSpec().getSources().add(source);
    TargetSettings targets = new TargetSettings();
    LocalTargetSettings local = new LocalTargetSettings();
    local.setPath(tmp.resolve("repo").toString());
    targets.setLocal(local);
    policy.getSpec().setTargets(targets);
    return policy;
  }

  private PolicyRepository bind(BackupPolicy policy, String password) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put(PostgresTools.BINDIR_VARIABLE, POSTGRES.binDir().toString());
    if (password != null) {
      env.put(PASSWORD_VARIABLE, password);
    }
    return new PolicyRepositories(
            Environment.of(env),
            Map.of(TargetProvider.LOCAL, new LocalTargetOpener(tmp.resolve("state"))))
        .open(policy, Optional.empty());
  }

  private static BackupResult backup(PolicyRepository bound, SnapshotType type) throws Exception {
    return new BackupEngine(bound.repository())
        .backup(
            BackupRequest.builder()
                .sources(bound.sources())
                .streams(bound.databases())
                .streamPartSize(256 * 1024)
                .snapshotType(type)
                .threads(2)
                .build());
  }

  /** Row counts and a hash of every row of each table, in key order. */
  private static String fingerprint(String db) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (String table : TABLES) {
      sb.append(
              POSTGRES.sql(
                  db,
                  "SELECT '"
                      + table
                      + "', count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY"
                      + " t.id), '')) FROM "
                      + table
                      + " t;"))
          .append('\n');
    }
    return sb.toString();
  }

  @Test
  void dumpChangeAndRestoreIntoANewDatabaseGivesTheDumpedRows() throws Exception {
    PolicyRepository bound = bind(policy(database), POSTGRES.password());
    assertThat(bound.sources()).isEmpty();
    assertThat(bound.databases()).hasSize(1);
    String dumped = fingerprint(database);
    assertThat(dumped)
        .contains("customers|3000|")
        .contains("orders|5000|")
        .contains("attachments|2001|");

    BackupResult full = backup(bound, SnapshotType.FULL);
    SnapshotSummary snapshot = bound.repository().catalog().find(full.jobId()).orElseThrow();
    Manifest manifest = bound.repository().readManifest(snapshot);
    Manifest.StreamRecord stream = manifest.streams().get(0);
    assertThat(stream.path()).isEqualTo("serving/postgres/" + database + ".dump");
    assertThat(stream.parts()).hasSizeGreaterThan(1);
    assertThat(stream.source())
        .isEqualTo(
            "pg_dump --format=custom postgresql://bulwark_admin@127.0.0.1:"
                + POSTGRES.superuser().port()
                + "/"
                + database)
        .doesNotContain(POSTGRES.password());

    POSTGRES.sql(
        database,
        "DELETE FROM orders WHERE id % 2 = 0; UPDATE customers SET name = 'changed';"
            + " INSERT INTO attachments VALUES (9999, '\\xdeadbeef');");
    assertThat(fingerprint(database)).isNotEqualTo(dumped);

    PostgresRestorer restorer = new PostgresRestorer(POSTGRES.tools());
    String target = database + "_restored";
    PostgresRestorer.Restored restored;
    try (InputStream dump = new StreamReader(bound.repository()).open(snapshot, stream.path())) {
      restored =
          restorer.restore(dump, POSTGRES.superuser(), target, PostgresRestorer.Options.DEFAULTS);
    }
    assertThat(restored.created()).isTrue();
    assertThat(restored.bytes()).isEqualTo(stream.size());
    assertThat(fingerprint(target)).isEqualTo(dumped);

    // The restored database now has tables: a second restore refuses, unless forced.
    assertThatThrownBy(
            () -> {
              try (InputStream dump =
                  new StreamReader(bound.repository()).open(snapshot, stream.path())) {
                restorer.restore(
                    dump, POSTGRES.superuser(), target, PostgresRestorer.Options.DEFAULTS);
              }
            })
        .isInstanceOf(PostgresException.class)
        .hasMessageContaining("exists and is not empty");
    POSTGRES.sql(target, "UPDATE customers SET name = 'drifted';");
    try (InputStream dump = new StreamReader(bound.repository()).open(snapshot, stream.path())) {
      restorer.restore(
          dump, POSTGRES.superuser(), target, new PostgresRestorer.Options(true, false));
    }
    assertThat(fingerprint(target)).isEqualTo(dumped);
  }

  @Test
  void aJobThatDumpsADatabaseRecordsPgDumpsVersionInTheManifest() throws Exception {
    Map<String, String> env =
        Map.of(
            PostgresTools.BINDIR_VARIABLE,
            POSTGRES.binDir().toString(),
            PASSWORD_VARIABLE,
            POSTGRES.password());
    Environment environment = Environment.of(env);
    Path state = tmp.resolve("state");
    PolicyRepositories repositories =
        new PolicyRepositories(
            environment, Map.of(TargetProvider.LOCAL, new LocalTargetOpener(state)));
    BackupJobRunner runner =
        BackupJobRunner.builder(repositories, environment, new StatePaths(state)).build();
    BackupPolicy policy = policy(database);
    JobOrder order = JobOrder.manual(SnapshotType.FULL, "cli:test", Optional.empty());

    JobOutcome outcome =
        runner.run(
            policy,
            runner.enqueue(policy, Optional.empty(), order),
            order,
            ProgressListener.NONE,
            new JobControl());

    assertThat(outcome.succeeded()).as(String.valueOf(outcome.record().error())).isTrue();
    PolicyRepository bound = repositories.open(policy, Optional.empty());
    Manifest manifest =
        bound
            .repository()
            .readManifest(
                bound.repository().catalog().find(outcome.record().jobId()).orElseThrow());
    String version = POSTGRES.tools().version("pg_dump").orElseThrow();
    assertThat(version).matches("\\d+(\\.\\d+)*");
    assertThat(manifest.toolVersions()).containsEntry("pg_dump", version).containsKey("bulwark");
  }

  @Test
  void incrementalDumpsTheDatabaseWholeAgain() throws Exception {
    PolicyRepository bound = bind(policy(database), POSTGRES.password());
    backup(bound, SnapshotType.FULL);
    POSTGRES.sql(
        database,
        "DELETE FROM customers WHERE id > 2500 AND id NOT IN (SELECT customer_id FROM orders);"
            + " INSERT INTO attachments VALUES (5000, '\\x01');");
    String changed = fingerprint(database);
    BackupResult inc = backup(bound, SnapshotType.INCREMENTAL);
    assertThat(inc.snapshotType()).isEqualTo(SnapshotType.INCREMENTAL);
    SnapshotSummary snapshot = bound.repository().catalog().find(inc.jobId()).orElseThrow();
    String path = "serving/postgres/" + database + ".dump";
    try (InputStream dump = new StreamReader(bound.repository()).open(snapshot, path)) {
      new PostgresRestorer(POSTGRES.tools())
          .restore(
              dump, POSTGRES.superuser(), database + "_inc", PostgresRestorer.Options.DEFAULTS);
    }
    assertThat(fingerprint(database + "_inc")).isEqualTo(changed);
  }

  @Test
  void wrongPasswordFailsTheJobClearlyWithoutShowingThePassword() throws Exception {
    String wrong = "not-the-password-" + System.nanoTime();
    PolicyRepository bound = bind(policy(database), wrong);
    assertThatThrownBy(() -> backup(bound, SnapshotType.FULL))
        .isInstanceOf(BackupFailedException.class)
        .hasMessageContaining("stream serving/postgres/" + database + ".dump failed")
        .hasMessageContaining("pg_dump exited with code 1")
        .hasMessageContaining("password authentication failed")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong))
        .satisfies(e -> assertThat(e.toString()).doesNotContain(wrong));
    assertThat(bound.repository().catalog().list()).isEmpty();
  }

  @Test
  void unsetPasswordVariableFailsTheJobNamingTheField() throws Exception {
    PolicyRepository bound = bind(policy(database), null);
    assertThatThrownBy(() -> backup(bound, SnapshotType.FULL))
        .isInstanceOf(BackupFailedException.class)
        .hasMessageContaining(
            "spec.sources[0].postgres.passwordFrom.env names " + PASSWORD_VARIABLE)
        .hasMessageContaining("which is not set");
  }

  @Test
  void failingDumpOfAMissingDatabasePublishesNoSnapshot() throws Exception {
    PolicyRepository bound = bind(policy("no_such_database"), POSTGRES.password());
    assertThatThrownBy(() -> backup(bound, SnapshotType.FULL))
        .isInstanceOf(BackupFailedException.class)
        .hasMessageContaining("pg_dump exited with code 1")
        .hasMessageContaining("no_such_database");
    assertThat(bound.repository().catalog().list()).isEmpty();
    try (var files = Files.walk(tmp.resolve("repo"))) {
      assertThat(files.filter(Files::isRegularFile))
          .as("no pack, manifest or lock is left")
          .isEmpty();
    }
  }

  @Test
  void restoreOfAMissingStreamNamesTheStreamsThereAre() throws Exception {
    PolicyRepository bound = bind(policy(database), POSTGRES.password());
    BackupResult full = backup(bound, SnapshotType.FULL);
    SnapshotSummary snapshot = bound.repository().catalog().find(full.jobId()).orElseThrow();
    assertThatThrownBy(
            () ->
                new StreamReader(bound.repository()).open(snapshot, "serving/postgres/other.dump"))
        .hasMessageContaining("has no stream serving/postgres/other.dump")
        .hasMessageContaining("serving/postgres/" + database + ".dump");
    // The snapshot's files are the dump's parts.
    assertThat(full.files())
        .isEqualTo(bound.repository().readManifest(snapshot).streams().get(0).parts().size());
  }
}
