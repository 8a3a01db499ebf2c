package dev.bulwark.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Adobe's S3Mock in a JVM of its own, started from this test's class path, so that a test can do to
 * the store what an operator's outage does: stop it (SIGSTOP: connections still open, nothing
 * answers), resume it (SIGCONT) and kill it. Its objects live under a directory of the test.
 */
final class S3MockProcess implements AutoCloseable {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;

  private S3MockProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts S3Mock with {@code bucket} created, storing under {@code root}; waits until it listens.
   */
  static S3MockProcess start(String bucket, Path root, Path log)
      throws IOException, InterruptedException {
    int port = freePort();
    int tlsPort = freePort();
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            "com.adobe.testing.s3mock.S3MockApplication",
            "--com.adobe.testing.s3mock.http-port=" + port,
            "--server.port=" + tlsPort,
            "--silent=true",
            "--com.adobe.testing.s3mock.store.initialBuckets=" + bucket,
            "--com.adobe.testing.s3mock.store.root=" + root);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    S3MockProcess mock = new S3MockProcess(process, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!mock.answers(bucket)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        mock.close();
        throw new IOException("S3Mock did not start; see " + log);
      }
      Thread.sleep(200);
    }
    for (int i = 0; i < 20; i++) {
      mock.answers(bucket); // warm it up: its first requests are slow while the JIT catches up
    }
    return mock;
  }

  /** The endpoint, like http://127.0.0.1:PORT. */
  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Freezes the store as SIGSTOP does: the kernel still accepts connections, nothing answers. */
  void stop() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** Lets a stopped store go on. */
  void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** Whether the store lists {@code bucket} (an unsigned ListObjects, which S3Mock serves). */
  private boolean answers(String bucket) throws InterruptedException {
    return list(bucket, "") != null;
  }

  /** Whether {@code bucket} holds an object whose key starts with {@code prefix}. */
  boolean holds(String bucket, String prefix) throws InterruptedException {
    String listing = list(bucket, prefix);
    return listing != null && listing.contains("<Key>");
  }

  private String list(String bucket, String prefix) throws InterruptedException {
    try {
      HttpResponse<String> response =
          CLIENT.send(
              HttpRequest.newBuilder(
                      URI.create(endpoint() + "/" + bucket + "?list-type=2&prefix=" + prefix))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (process.isAlive()) {
        signal("CONT"); // a stopped JVM cannot run its shutdown
      }
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      // try-with-resources must not lose the interrupt: stop the server, keep the flag set.
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
