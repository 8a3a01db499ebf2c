package dev.bulwark.core.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throwaway PostgreSQL cluster for one test class: {@code initdb} into a temporary directory,
 * password authentication (scram-sha-256) for a superuser with a random password, listening on
 * 127.0.0.1 on a free port, stopped and deleted after the class. Register it with
 * {@code @RegisterExtension static final TestingPostgres POSTGRES = new TestingPostgres();}.
 *
 * <p>PostgreSQL refuses to run as root, so under root the server runs as the {@code postgres} OS
 * user (through {@code runuser}). When the server binaries are missing the test class is skipped,
 * unless {@value #REQUIRE_VARIABLE}=1 (as in CI), where it fails instead.
 */
public final class TestingPostgres implements BeforeAllCallback, AfterAllCallback {
  /** Set to 1 to make missing PostgreSQL binaries a failure instead of a skipped test. */
  public static final String REQUIRE_VARIABLE = "BULWARK_REQUIRE_POSTGRES";

  /** The superuser the cluster is created with. */
  public static final String SUPERUSER = "bulwark_admin";

  private Path binDir;
  private Path directory;
  private int port;
  private String password;
  private List<String> runAs = List.of();

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Optional<String> unavailable = locate();
    if (unavailable.isPresent()) {
      if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
        throw new IllegalStateException(
            unavailable.get()
                + ", and "
                + REQUIRE_VARIABLE
                + "=1 requires PostgreSQL tests to run"
                + " (install the Debian package postgresql)");
      }
      Assumptions.abort(unavailable.get() + "; PostgreSQL tests skipped");
    }
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (directory == null) {
      return;
    }
    try {
      run(
          server(
              "pg_ctl",
              "-D",
              directory.resolve("data").toString(),
              "-m",
              "immediate",
              "-w",
              "stop"),
          60);
    } finally {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
      directory = null;
    }
  }

  /** The superuser's connection over TCP, with its password. */
  public PostgresConnection superuser() {
    return new PostgresConnection("127.0.0.1", port, SUPERUSER, password);
  }

  /** The superuser's password (random per test class). */
  public String password() {
    return password;
  }

  /** The client tools of the same PostgreSQL version as the server. */
  public PostgresTools tools() {
    return new PostgresTools(binDir);
  }

  /** The directory of the server's binaries. */
  public Path binDir() {
    return binDir;
  }

  /** Runs SQL as the superuser in {@code database}; returns psql's unaligned output. */
  public String sql(String database, String sql) throws PostgresException {
    return new Psql(tools()).run(superuser(), database, sql, Map.of());
  }

  /** Creates an empty database. */
  public void createDatabase(String name) throws PostgresException {
    new Psql(tools()).run(superuser(), "postgres", "CREATE DATABASE :\"db\";", Map.of("db", name));
  }

  /** Why the cluster cannot run here, or empty when it can (and the fields are set). */
  private Optional<String> locate() throws IOException, InterruptedException {
    binDir = findBinDir();
    if (binDir == null) {
      return Optional.of(
          "no PostgreSQL server binaries (initdb) in "
              + PostgresTools.BINDIR_VARIABLE
              + ", /usr/lib/postgresql/*/bin or the PATH");
    }
    if ("root".equals(System.getProperty("user.name"))) {
      if (!Files.isExecutable(Path.of("/usr/sbin/runuser"))
          && !Files.isExecutable(Path.of("/sbin/runuser"))) {
        return Optional.of("running as root but runuser is missing");
      }
      Process id = new ProcessBuilder("id", "-u", "postgres").redirectErrorStream(true).start();
      if (!id.waitFor(10, TimeUnit.SECONDS) || id.exitValue() != 0) {
        return Optional.of("running as root but there is no postgres OS user to run the server");
      }
      runAs = List.of("runuser", "-u", "postgres", "--");
    }
    return Optional.empty();
  }

  private static Path findBinDir() throws IOException {
    String configured = System.getenv(PostgresTools.BINDIR_VARIABLE);
    if (configured != null && Files.isExecutable(Path.of(configured, "initdb"))) {
      return Path.of(configured);
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        Optional<Path> newest =
            versions
                .filter(v -> v.getFileName().toString().matches("\\d+"))
                .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())));
        if (newest.isPresent()) {
          return newest.get().resolve("bin");
        }
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(":")) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb"))) {
          return Path.of(dir);
        }
      }
    }
    return null;
  }

  private void start() throws IOException, InterruptedException {
    directory = Files.createTempDirectory("bulwark-pg-");
    password = "pw-" + HexFormat.of().formatHex(SecureRandom.getSeed(12));
    Path pwfile = directory.resolve("pwfile");
    Files.writeString(pwfile, password + "\n");
    if (!runAs.isEmpty()) {
      UserPrincipal postgres =
          directory
              .getFileSystem()
              .getUserPrincipalLookupService()
              .lookupPrincipalByName("postgres");
      Files.setOwner(directory, postgres);
      Files.setOwner(pwfile, postgres);
    }
    Path data = directory.resolve("data");
    run(
        server(
            "initdb",
            "-D",
            data.toString(),
            "-U",
            SUPERUSER,
            "--pwfile=" + pwfile,
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync"),
        120);
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }
    String settings =
        "\nport = "
            + port
            + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '"
            + directory
            + "'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
    Files.writeString(
        data.resolve("postgresql.conf"),
        settings,
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    run(
        server(
            "pg_ctl",
            "-D",
            data.toString(),
            "-l",
            directory.resolve("server.log").toString(),
            "-w",
            "-t",
            "60",
            "start"),
        90);
  }

  private List<String> server(String tool, String... args) {
    List<String> argv = new ArrayList<>(runAs);
    argv.add(binDir.resolve(tool).toString());
    argv.addAll(List.of(args));
    return argv;
  }

  private void run(List<String> argv, int timeoutSeconds) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    // pg_ctl's server inherits our stdout otherwise, and the pipe would never close.
    Path log = directory.resolve("tool.log");
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process p = builder.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", argv) + " did not finish in " + timeoutSeconds + " s");
    }
    if (p.exitValue() != 0) {
      String output;
      try {
        output = Files.readString(log);
        Path serverLog = directory.resolve("server.log");
        if (Files.exists(serverLog)) {
          output += "\n--- server.log ---\n" + Files.readString(serverLog);
        }
      } catch (UncheckedIOException | IOException e) {
        output = "(no output)";
      }
      throw new IOException(
          String.join(" ", argv) + " exited with " + p.exitValue() + ":\n" + output);
    }
  }
}
