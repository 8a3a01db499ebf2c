package dev.bulwark.core.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a custom-format dump into a named database with {@code pg_restore}, reading the dump
 * from a stream (e.g. {@link dev.bulwark.engine.restore.StreamReader}) straight into pg_restore's
 * stdin. The database is created when missing; an existing database must be empty unless the
 * restore is forced (then pg_restore drops the objects it recreates). The restore runs in one
 * transaction and stops at the first error, so a failure leaves no half-restored objects, and a
 * database this restore created is dropped again.
 */
public final class PostgresRestorer {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresRestorer.class);
  private static final String MAINTENANCE_DATABASE = "postgres";
  private static final String USER_RELATIONS =
      "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
          + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
          + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%';";

  private final PostgresTools tools;
  private final Psql psql;

  public PostgresRestorer(PostgresTools tools) {
    this.tools = tools;
    this.psql = new Psql(tools);
  }

  /**
   * How to restore.
   *
   * @param force restore into an existing database that has tables (pg_restore --clean)
   * @param noOwner do not restore object ownership (pg_restore --no-owner): objects belong to the
   *     restoring role, as needed when the original owners do not exist on this server
   */
  public record Options(boolean force, boolean noOwner) {
    /** Refuse non-empty databases; keep ownership. */
    public static final Options DEFAULTS = new Options(false, false);
  }

  /**
   * What a restore did.
   *
   * @param database the database restored into
   * @param created whether the restore created it
   * @param bytes dump bytes fed to pg_restore
   */
  public record Restored(String database, boolean created, long bytes) {}

  /**
   * Restores {@code dump} into {@code database} on the server of {@code connection}. The dump
   * stream is read to its end (so its checks run) and closed by the caller.
   *
   * @throws PostgresException when the database exists and is not empty (without force), the server
   *     cannot be reached, or pg_restore fails; the message carries pg_restore's stderr
   */
  public Restored restore(
      InputStream dump, PostgresConnection connection, String database, Options options)
      throws PostgresException {
    if (database == null || database.isBlank()) {
      throw new PostgresException("name the database to restore into");
    }
    Map<String, String> name = Map.of("db", database);
    String where = connection.describe(database);
    boolean exists =
        !psql.run(
                connection,
                MAINTENANCE_DATABASE,
                "SELECT 1 FROM pg_database WHERE datname = :'db';",
                name)
            .isEmpty();
    boolean clean = false;
    if (exists) {
      long relations = Long.parseLong(psql.run(connection, database, USER_RELATIONS, Map.of()));
      if (relations > 0 && !options.force()) {
        throw new PostgresException(
            "database "
                + where
                + " exists and is not empty ("
                + relations
                + " tables, views or"
                + " sequences); restore into a new database name, or force the restore to replace"
                + " the objects the dump contains");
      }
      clean = relations > 0;
    } else {
      psql.run(connection, MAINTENANCE_DATABASE, "CREATE DATABASE :\"db\";", name);
      LOG.info("created database {}", where);
    }
    try {
      long bytes = pgRestore(dump, connection, database, options, clean);
      LOG.info("restored {} bytes of dump into {}", bytes, where);
      return new Restored(database, !exists, bytes);
    } catch (PostgresException e) {
      if (!exists) {
        dropQuietly(connection, database, e);
      }
      throw e;
    }
  }

  private long pgRestore(
      InputStream dump,
      PostgresConnection connection,
      String database,
      Options options,
      boolean clean)
      throws PostgresException {
    List<String> args =
        new ArrayList<>(List.of("--exit-on-error", "--single-transaction", "--no-password"));
    if (clean) {
      args.addAll(List.of("--clean", "--if-exists"));
    }
    if (options.noOwner()) {
      args.add("--no-owner");
    }
    args.add("--dbname=" + PostgresConnection.conninfo(database));
    ToolProcess restore;
    try {
      restore = ToolProcess.start(tools, "pg_restore", args, connection, true);
    } catch (IOException e) {
      throw new PostgresException(e.getMessage(), e);
    }
    long bytes = 0;
    try {
      byte[] buffer = new byte[1 << 16];
      try (OutputStream in = restore.process.getOutputStream()) {
        while (true) {
          int n;
          try {
            n = dump.read(buffer);
          } catch (IOException e) {
            restore.kill();
            throw new PostgresException(
                "reading the dump for database "
                    + database
                    + " failed; pg_restore was stopped and"
                    + " its transaction rolled back: "
                    + e.getMessage(),
                e);
          }
          if (n < 0) {
            break;
          }
          try {
            in.write(buffer, 0, n);
          } catch (IOException e) {
            // pg_restore stopped reading: it failed, and its exit code and stderr say why.
            break;
          }
          bytes += n;
        }
      } catch (IOException e) {
        // Closing stdin of a pg_restore that already exited; its exit code tells.
      }
      int code = restore.waitFor();
      if (code != 0) {
        throw new PostgresException(
            "restore into database "
                + database
                + " at "
                + connection.describe(database)
                + " failed: "
                + restore.failure(code));
      }
      return bytes;
    } catch (InterruptedException e) {
      restore.kill();
      Thread.currentThread().interrupt();
      throw new PostgresException("interrupted while restoring database " + database, e);
    }
  }

  private void dropQuietly(PostgresConnection connection, String database, Exception cause) {
    try {
      psql.run(
          connection,
          MAINTENANCE_DATABASE,
          "DROP DATABASE IF EXISTS :\"db\";",
          Map.of("db", database));
    } catch (PostgresException e) {
      cause.addSuppressed(e);
    }
  }
}
