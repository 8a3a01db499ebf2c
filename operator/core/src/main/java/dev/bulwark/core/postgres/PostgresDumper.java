package dev.bulwark.core.postgres;

import dev.bulwark.engine.backup.StreamSource;
import dev.bulwark.engine.format.SourcePriority;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns a PostgreSQL database into a stream source: {@code pg_dump --format=custom} started when
 * the job reaches it, its stdout read straight into the snapshot (no local copy), and its exit code
 * checked at the end so that a failed dump fails the job. The dump is always whole: a database is
 * not a file tree, so incrementals take it again (parts the cycle already stores are not uploaded
 * twice).
 */
public final class PostgresDumper {
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

  private final PostgresTools tools;

  public PostgresDumper(PostgresTools tools) {
    this.tools = tools;
  }

  /** The stream's name for database {@code database}: {@code postgres/<database>.dump}. */
  public static String streamName(String database) {
    String safe = UNSAFE.matcher(database).replaceAll("_");
    if (safe.equals(".") || safe.equals("..")) {
      safe = safe.replace('.', '_');
    }
    return "postgres/" + safe + ".dump";
  }

  /**
   * A stream source dumping {@code database}; {@code connection} is asked for when the dump starts,
   * so a password is read at job time (and a missing one fails that job, not the binding).
   */
  public StreamSource source(
      String domain,
      SourcePriority priority,
      String database,
      String description,
      ConnectionSupplier connection) {
    return new StreamSource(
        streamName(database), domain, priority, description, () -> open(connection, database));
  }

  private InputStream open(ConnectionSupplier connection, String database) throws IOException {
    PostgresConnection c;
    try {
      c = connection.get();
    } catch (PostgresException e) {
      throw new IOException(e.getMessage(), e);
    }
    ToolProcess dump =
        ToolProcess.start(
            tools,
            "pg_dump",
            List.of(
                "--format=custom",
                "--no-password",
                "--dbname=" + PostgresConnection.conninfo(database)),
            c,
            false);
    dump.process.getOutputStream().close();
    return new PgDumpStream(dump, database);
  }

  /** Resolves a connection (reading its password) when a dump starts. */
  @FunctionalInterface
  public interface ConnectionSupplier {
    /** The connection, or why it cannot be made (e.g. the password's variable is unset). */
    PostgresConnection get() throws PostgresException;
  }
}
