package dev.bulwark.core.drills;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.core.postgres.PolicyDatabases;
import dev.bulwark.core.postgres.PostgresConnection;
import dev.bulwark.core.postgres.PostgresException;
import dev.bulwark.core.postgres.PostgresRestorer;
import dev.bulwark.core.postgres.PostgresTools;
import dev.bulwark.core.postgres.Psql;
import dev.bulwark.core.secrets.SecretResolver;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.restore.StreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores every PostgreSQL dump of a snapshot into its own scratch database on the server of the
 * dump's source ({@code bulwark_drill_<run>_<n>}, ownership not restored), runs the drill's SQL
 * check in each, and drops them all on {@link #close}, whatever happened.
 */
final class ScratchDatabases implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScratchDatabases.class);
  private static final String MAINTENANCE_DATABASE = "postgres";

  private final PostgresTools tools;
  private final SecretResolver secrets;
  private final String runId;
  private final List<Created> created = new ArrayList<>();

  private record Created(PostgresConnection connection, String database) {}

  ScratchDatabases(PostgresTools tools, SecretResolver secrets, String runId) {
    this.tools = tools;
    this.secrets = secrets;
    this.runId = runId;
  }

  /**
   * Restores each dump of {@code snapshot} and runs {@code sqlCheck} (when not blank) in it.
   *
   * @return one validation line per dump
   */
  List<String> restoreAndCheck(
      Repository repository, BackupPolicy policy, SnapshotSummary snapshot, String sqlCheck)
      throws DrillFailure, EngineException {
    StreamReader reader = new StreamReader(repository);
    List<String> lines = new ArrayList<>();
    String policyName = policy.getRef().name();
    for (Manifest.StreamRecord dump : reader.streams(snapshot)) {
      if (!dump.path().contains("/postgres/")) {
        continue;
      }
      PolicyDatabases.Database source =
          PolicyDatabases.forStream(policy, dump.path())
              .orElseThrow(
                  () ->
                      new DrillFailure(
                          "dump "
                              + dump.path()
                              + " of snapshot "
                              + snapshot.jobId()
                              + " has no PostgreSQL source in"
                              + " BackupPolicy "
                              + policyName
                              + " any more, so the drill does not know which server to restore it to",
                          "restore it by hand with `bulwark restore --policy "
                              + policyName
                              + " --snapshot "
                              + snapshot.jobId()
                              + " --pg-dump "
                              + dump.path()
                              + " --pg-database NAME --pg-host HOST`"));
      String database =
          "bulwark_drill_"
              + runId.toLowerCase(Locale.ROOT).replace('-', '_')
              + "_"
              + (created.size() + 1);
      PostgresConnection connection;
      try {
        connection =
            PostgresConnection.of(
                source.source(),
                secrets,
                Optional.ofNullable(policy.getRef().namespace()).filter(n -> !n.isBlank()),
                source.field());
      } catch (PostgresException e) {
        throw new DrillFailure(
            "dump " + dump.path() + ": " + e.getMessage(),
            "make the password of " + source.field() + " available to the operator");
      }
      created.add(new Created(connection, database));
      PostgresRestorer.Restored restored;
      try (InputStream in = reader.open(snapshot, dump.path())) {
        restored =
            new PostgresRestorer(tools)
                .restore(in, connection, database, new PostgresRestorer.Options(false, true));
      } catch (PostgresException | IOException e) {
        throw new DrillFailure(
            "dump "
                + dump.path()
                + " of snapshot "
                + snapshot.jobId()
                + " did not restore into scratch database "
                + database
                + ": "
                + e.getMessage(),
            "run `bulwark verify --policy "
                + policyName
                + " --read-data`; if the dump is intact, check the PostgreSQL"
                + " client tools ("
                + PostgresTools.BINDIR_VARIABLE
                + ") and that the role of "
                + source.field()
                + " may create databases");
      }
      String line =
          "postgres: "
              + dump.path()
              + " restored into scratch database "
              + database
              + " ("
              + restored.bytes()
              + " bytes)";
      if (sqlCheck != null && !sqlCheck.isBlank()) {
        line += "; sql check " + check(connection, database, dump.path(), sqlCheck, policyName);
      }
      lines.add(line);
    }
    return lines;
  }

  private String check(
      PostgresConnection connection, String database, String dump, String sql, String policy)
      throws DrillFailure {
    String output;
    try {
      output = new Psql(tools).run(connection, database, sql, Map.of());
    } catch (PostgresException e) {
      throw new DrillFailure(
          "sql check on the restore of " + dump + " failed: " + e.getMessage(),
          "run the check against a restore of the dump (`bulwark restore --policy "
              + policy
              + " --pg-database NAME`) and fix the data at its source or the check");
    }
    String first = output.lines().findFirst().orElse("").strip();
    if (first.isEmpty() || first.equals("f") || first.equalsIgnoreCase("false")) {
      throw new DrillFailure(
          "sql check on the restore of "
              + dump
              + " returned "
              + (first.isEmpty() ? "no rows" : first)
              + "; it must return a row or true",
          "the dump restored but its data fails the check: inspect the source database of "
              + dump
              + " and take a new backup once it is right");
    }
    return "returned " + (first.length() > 40 ? first.substring(0, 40) + "..." : first);
  }

  /** Names of the scratch databases created so far (for tests and messages). */
  List<String> names() {
    return created.stream().map(Created::database).toList();
  }

  /** Drops every scratch database; logs the ones it cannot. */
  @Override
  public void close() {
    for (Created db : created) {
      try {
        new Psql(tools)
            .run(
                db.connection(),
                MAINTENANCE_DATABASE,
                "DROP DATABASE IF EXISTS :\"db\";",
                Map.of("db", db.database()));
      } catch (PostgresException e) {
        LOG.error(
            "scratch database {} could not be dropped: {}",
            db.connection().describe(db.database()),
            e.getMessage());
      }
    }
  }
}
