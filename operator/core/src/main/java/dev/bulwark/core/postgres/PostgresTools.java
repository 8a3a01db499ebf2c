package dev.bulwark.core.postgres;

import dev.bulwark.core.Environment;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the PostgreSQL client tools are: the directory named by {@value #BINDIR_VARIABLE}, else
 * the PATH. {@code pg_dump} must be at least as new as the server it dumps.
 */
public final class PostgresTools {
  /** Environment variable naming the directory of pg_dump, pg_restore and psql. */
  public static final String BINDIR_VARIABLE = "BULWARK_PG_BINDIR";

  private final Path binDir;

  /** Tools in {@code binDir}; null to look them up on the PATH. */
  public PostgresTools(Path binDir) {
    this.binDir = binDir;
  }

  /** Tools from {@value #BINDIR_VARIABLE}, or the PATH when it is unset. */
  public static PostgresTools from(Environment environment) {
    return new PostgresTools(environment.get(BINDIR_VARIABLE).map(Path::of).orElse(null));
  }

  /** The directory the tools come from, empty for the PATH. */
  public Optional<Path> binDir() {
    return Optional.ofNullable(binDir);
  }

  /** The command to run {@code tool} (e.g. pg_dump): an absolute path, or the bare name. */
  public String command(String tool) {
    if (binDir == null) {
      return tool;
    }
    return binDir.resolve(tool).toString();
  }
}
