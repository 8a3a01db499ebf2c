package dev.bulwark.core.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.PostgresSource;
import dev.bulwark.api.backup.Priority;
import dev.bulwark.api.backup.Source;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.SecretRef;
import dev.bulwark.api.drill.DrillLevel;
import dev.bulwark.api.drill.PostgresValidator;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.Validators;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.backup.LocalTargetOpener;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.backup.PolicyRepository;
import dev.bulwark.core.postgres.PostgresTools;
import dev.bulwark.core.postgres.TestingPostgres;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.format.SnapshotType;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * L3 drills of a policy with a PostgreSQL source: the dump restored into a scratch database,
 * checked, dropped.
 */
class PostgresDrillTest {
  @RegisterExtension static final TestingPostgres POSTGRES = new TestingPostgres();
  private static final String PASSWORD_VARIABLE = "SHOP_PG_PASSWORD";
  private static int databases;

  @TempDir Path tmp;
  private BackupPolicy policy;
  private DrillRunner runner;

  @BeforeEach
  void aBackedUpShop() throws Exception {
    String database = "drill_shop_" + (++databases);
    POSTGRES.createDatabase(database);
    POSTGRES.sql(
        database,
        """
        CREATE TABLE orders (id int PRIMARY KEY, amount numeric(12, 2) NOT NULL);
        INSERT INTO orders SELECT i, i * 1.5 FROM generate_series(1, 500) i;
        """);
    PostgresSource pg = new PostgresSource();
    pg.setHost("127.0.0.1");
    pg.setPort(POSTGRES.superuser().port());
    pg.setDatabase(database);
    pg.setUser(TestingPostgres.SUPERUSER);
    SecretRef password = new SecretRef();
    password.setEnv(PASSWORD_VARIABLE);
    pg.setPasswordFrom(password);
    Source source = new Source();
    source.setPostgres(pg);
    source.setDomain("serving");
    source.setPriority(Priority.P0);
    policy = TestingResources.backupPolicy("shop");
    policy.getSpec().getSources().clear();
    policy.getSpec().getSources().add(source);
    Environment environment =
        Environment.of(
            Map.of(
                PostgresTools.BINDIR_VARIABLE,
                POSTGRES.binDir().toString(),
                PASSWORD_VARIABLE,
                POSTGRES.password()));
    Path state = tmp.resolve("state");
    PolicyRepositories repositories =
        new PolicyRepositories(
            environment, Map.of(TargetProvider.LOCAL, new LocalTargetOpener(state)));
    PolicyRepository bound = repositories.open(policy, Optional.empty());
    new BackupEngine(bound.repository())
        .backup(
            BackupRequest.builder()
                .sources(bound.sources())
                .streams(bound.databases())
                .snapshotType(SnapshotType.FULL)
                .build());
    runner = DrillRunner.builder(repositories, environment, new StatePaths(state)).build();
  }

  private RestoreDrill drill(String sqlCheck) {
    RestoreDrill drill = TestingResources.restoreDrill("monthly", "shop");
    drill.getSpec().setLevel(DrillLevel.L3);
    PostgresValidator postgres = new PostgresValidator();
    postgres.setSqlCheck(sqlCheck);
    Validators validators = new Validators();
    validators.setPostgres(postgres);
    drill.getSpec().setValidators(validators);
    return drill;
  }

  private static String scratchDatabases() throws Exception {
    return POSTGRES.sql(
        "postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'bulwark_drill_%';");
  }

  @Test
  void theDumpRestoresIntoAScratchDatabasePassesTheCheckAndIsDropped() throws Exception {
    DrillRecord record =
        runner.runNow(
            drill("SELECT count(*) = 500 AND sum(amount) = 187875.00 FROM orders"),
            policy,
            Optional.empty(),
            "manual",
            "cli:ops");

    assertThat(record.state()).as(record.failureReason()).isEqualTo(DrillRecord.SUCCESS);
    assertThat(record.validations())
        .anyMatch(
            v -> v.startsWith("postgres: serving/postgres/") && v.endsWith("sql check returned t"));
    assertThat(scratchDatabases()).isEqualTo("0");
  }

  @Test
  void aFailingCheckFailsTheDrillAndTheScratchDatabaseIsStillDropped() throws Exception {
    DrillRecord record =
        runner.runNow(
            drill("SELECT count(*) = 501 FROM orders"),
            policy,
            Optional.empty(),
            "manual",
            "cli:ops");

    assertThat(record.state()).isEqualTo(DrillRecord.FAILED);
    assertThat(record.failureReason())
        .contains("sql check on the restore of serving/postgres/")
        .contains("returned f");
    assertThat(scratchDatabases()).isEqualTo("0");
  }
}
