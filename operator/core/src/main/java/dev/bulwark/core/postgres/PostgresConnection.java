package dev.bulwark.core.postgres;

import dev.bulwark.api.backup.PostgresSource;
import dev.bulwark.core.Environment;
import dev.bulwark.core.secrets.LocalSecrets;
import dev.bulwark.core.secrets.SecretResolver;
import dev.bulwark.core.secrets.SecretUnavailableException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach a PostgreSQL server and log in. The tools get all of it through libpq's environment
 * (PGHOST, PGPORT, PGUSER, PGPASSWORD) so that nothing secret is on a command line; {@link
 * #toString()} never shows the password.
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
   * The connection a policy's source describes, with its password read from {@code passwordFrom}
   * (an environment variable or a file) now.
   *
   * @param field where the source is, for messages, e.g. {@code BackupPolicy/shop:
   *     spec.sources[1].postgres}
   * @throws PostgresException when the password's variable is unset or its file unreadable
   */
  public static PostgresConnection of(PostgresSource source, Environment environment, String field)
      throws PostgresException {
    return of(source, new LocalSecrets(environment), Optional.empty(), field);
  }

  /**
   * Like {@link #of(PostgresSource, Environment, String)}, reading the password through {@code
   * secrets} (on Kubernetes also from a Secret in the policy's {@code namespace}).
   */
  public static PostgresConnection of(
      PostgresSource source, SecretResolver secrets, Optional<String> namespace, String field)
      throws PostgresException {
    String password = null;
    if (source.getPasswordFrom() != null) {
      try {
        password = secrets.resolve(source.getPasswordFrom(), namespace, field + ".passwordFrom");
      } catch (SecretUnavailableException e) {
        throw new PostgresException(e.getMessage());
      }
    }
    return new PostgresConnection(
        source.getHost(),
        source.getPort() == null ? DEFAULT_PORT : source.getPort(),
        source.getUser(),
        password);
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
