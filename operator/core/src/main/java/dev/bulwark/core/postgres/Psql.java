package dev.bulwark.core.postgres;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one SQL script through {@code psql} and returns its unaligned, tuples-only output. Names are
 * passed as psql variables and quoted by psql ({@code :'name'} for a literal, {@code :"name"} for
 * an identifier), so no value is ever spliced into SQL by us.
 */
public final class Psql {
  private final PostgresTools tools;

  /** Runs the psql of {@code tools}. */
  public Psql(PostgresTools tools) {
    this.tools = tools;
  }

  /**
   * Runs {@code sql} in {@code database}; {@code variables} become psql variables.
   *
   * @throws PostgresException when psql cannot run or exits non-zero (its stderr in the message)
   */
  public String run(
      PostgresConnection connection, String database, String sql, Map<String, String> variables)
      throws PostgresException {
    List<String> args =
        new ArrayList<>(List.of("-X", "-A", "-t", "-q", "-w", "-v", "ON_ERROR_STOP=1"));
    variables.forEach((name, value) -> args.addAll(List.of("-v", name + "=" + value)));
    args.add("--dbname=" + PostgresConnection.conninfo(database));
    ToolProcess psql;
    try {
      psql = ToolProcess.start(tools, "psql", args, connection, false);
    } catch (IOException e) {
      throw new PostgresException(e.getMessage(), e);
    }
    try {
      try (OutputStream in = psql.process.getOutputStream()) {
        in.write(sql.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // psql exited early (e.g. it could not connect); its exit code and stderr say why.
      }
      String out = new String(psql.process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = psql.waitFor();
      if (code != 0) {
        throw new PostgresException(
            "psql on database "
                + database
                + " at "
                + connection.describe(database)
                + " failed: "
                + psql.failure(code));
      }
      return out.strip();
    } catch (IOException e) {
      psql.kill();
      throw new PostgresException("psql on database " + database + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      psql.kill();
      Thread.currentThread().interrupt();
      throw new PostgresException("interrupted while psql ran on database " + database, e);
    }
  }
}
