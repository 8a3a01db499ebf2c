package dev.bulwark.core.postgres;

import dev.bulwark.api.backup.PostgresSource;
import dev.bulwark.api.common.SecretRef;
import dev.bulwark.core.Environment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to reach a PostgreSQL server and log in. The tools get all of it through libpq's
 * environment (PGHOST, PGPORT, PGUSER, PGPASSWORD) so that nothing secret is on a command line;
 * {@link #toString()} never shows the password.
 *
 * @param host host name, IP address, or Unix socket directory (starts with '/')
 * @param port TCP port (or the socket's port number)
 * @param user role to connect as; null for libpq's default (the OS user, or PGUSER)
 * @param password the password; null to leave it to libpq (an inherited PGPASSWORD, ~/.pgpass)
 */
public record PostgresConnection(String host, int port, String user, String password) {
  /** Default host when a source names none. */
  public static final String DEFAULT_HOST = "localhost";

  /** Default port when a source names none. */
  public static final int DEFAULT_PORT = 5432;

  public PostgresConnection {
    host = host == null || host.isBlank() ? DEFAULT_HOST : host;
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1-65535, was " + port);
    }
    user = user == null || user.isBlank() ? null : user;
  }

  /**
   * The connection a policy's source describes, with its password read from {@code
   * passwordFrom} (an environment variable or a file) now.
   *
   * @param field where the source is, for messages, e.g. {@code BackupPolicy/shop:
   *     spec.sources[1].postgres}
   * @throws PostgresException when the password's variable is unset or its file unreadable
   */
  public static PostgresConnection of(PostgresSource source, Environment environment, String field)
      throws PostgresException {
    return new PostgresConnection(
        source.getHost(),
        source.getPort() == null ? DEFAULT_PORT : source.getPort(),
        source.getUser(),
        password(source.getPasswordFrom(), environment, field + ".passwordFrom"));
  }

  private static String password(SecretRef ref, Environment environment, String field)
      throws PostgresException {
    if (ref == null) {
      return null;
    }
    if (ref.getFile() != null && !ref.getFile().isBlank()) {
      Path file = Path.of(ref.getFile());
      try {
        // A mounted secret usually ends with a newline that is not part of the password.
        return Files.readString(file).strip();
      } catch (IOException | RuntimeException e) {
        throw new PostgresException(
            field + ".file " + file + " cannot be read: " + e.getClass().getSimpleName());
      }
    }
    if (ref.getEnv() != null && !ref.getEnv().isBlank()) {
      return environment
          .get(ref.getEnv())
          .orElseThrow(
              () ->
                  new PostgresException(
                      field + ".env names " + ref.getEnv() + ", which is not set in the"
                          + " environment of this process"));
    }
    throw new PostgresException(field + " names neither env nor file");
  }

  /** This connection as another role with another password (null: none). */
  public PostgresConnection as(String otherUser, String otherPassword) {
    return new PostgresConnection(host, port, otherUser, otherPassword);
  }

  /** The libpq environment of a child process: where to connect, as whom, with which password. */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PGHOST", host);
    env.put("PGPORT", Integer.toString(port));
    if (user != null) {
      env.put("PGUSER", user);
    }
    if (password != null) {
      env.put("PGPASSWORD", password);
    }
    return env;
  }

  /**
   * A libpq connection string naming only the database, for a tool's {@code --dbname}: quoted, so
   * that a database name containing '=' or spaces is not read as connection parameters.
   */
  public static String conninfo(String database) {
    return "dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** A URL for humans and manifests: {@code postgresql://user@host:port/database}, no password. */
  public String describe(String database) {
    return "postgresql://" + (user == null ? "" : user + "@") + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return "PostgresConnection[" + describe("") + (password == null ? "" : ", password set") + "]";
  }
}
