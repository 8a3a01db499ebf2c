package dev.bulwark.core.postgres;

import dev.bulwark.core.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the PostgreSQL client tools are: the directory named by {@value #BINDIR_VARIABLE}, else the
 * PATH. {@code pg_dump} must be at least as new as the server it dumps.
 */
public final class PostgresTools {
  /** Environment variable naming the directory of pg_dump, pg_restore and psql. */
  public static final String BINDIR_VARIABLE = "BULWARK_PG_BINDIR";

  /** The version number in {@code pg_dump (PostgreSQL) 15.8 (Debian 15.8-0+deb12u1)}: 15.8. */
  private static final Pattern VERSION = Pattern.compile("\\)\\s+(\\d[\\w.]*)");

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

  /**
   * The version {@code tool --version} reports (e.g. {@code 15.8} of {@code pg_dump (PostgreSQL)
   * 15.8}), for the manifest's {@code tool_versions}; empty when the tool does not run or says
   * nothing recognisable (the job that needs it then fails with the tool's own error).
   */
  public Optional<String> version(String tool) {
    Process process;
    try {
      process = new ProcessBuilder(command(tool), "--version").redirectErrorStream(true).start();
    } catch (IOException e) {
      return Optional.empty();
    }
    try {
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readNBytes(1024);
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return Optional.empty();
      }
      String line = new String(out, StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
      Matcher version = VERSION.matcher(line);
      return version.find() ? Optional.of(version.group(1)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      process.destroyForcibly();
    }
  }

  /** The command to run {@code tool} (e.g. pg_dump): an absolute path, or the bare name. */
  public String command(String tool) {
    if (binDir == null) {
      return tool;
    }
    return binDir.resolve(tool).toString();
  }
}
