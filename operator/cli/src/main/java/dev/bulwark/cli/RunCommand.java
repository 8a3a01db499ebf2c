package dev.bulwark.cli;

import dev.bulwark.cli.http.HttpEndpoints;
import dev.bulwark.cli.http.StatusPage;
import dev.bulwark.compose.ComposeRuntime;
import dev.bulwark.compose.ComposeSettings;
import dev.bulwark.compose.DaemonLease;
import dev.bulwark.core.Environment;
import dev.bulwark.core.metrics.MetricsFeed;
import dev.bulwark.core.reconcile.Controllers;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code bulwark run}: compose mode, serving a watched directory of policy YAML. One process per
 * state directory is active (it holds {@link DaemonLease}); another one started on the same state
 * directory stands by, serving {@code /healthz} (live) and {@code /readyz} (not ready), and takes
 * over within seconds of the active one's death.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the policies in a directory (compose mode) until stopped.",
      "It reconciles on every change and on schedule, runs the jobs, drills and plans, writes status",
      "files under <state>/status and gate.json, and serves the status page, /metrics, /healthz and",
      "/readyz on --http-port. Stops cleanly on SIGTERM. One process per state directory serves;",
      "a second one stands by and takes over when the first stops or dies."
    })
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  /**
   * How often a standby asks for the lease: the longest a state directory goes unserved after a
   * crash.
   */
  static final Duration STANDBY_POLL = Duration.ofSeconds(1);

  /**
   * What a standby's /metrics says: a comment, valid exposition text, so a scrape does not fail.
   */
  private static final String STANDBY_METRICS =
      "# bulwark run is standing by: another process serves this state directory\n";

  @Mixin StateOptions options;

  @Mixin HttpOptions http;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(options.policies())) {
      System.err.println(
          "bulwark run: policies directory "
              + options.policies()
              + " does not exist"
              + " (set --policies or BULWARK_POLICIES)");
      return 2;
    }
    ComposeSettings settings = new ComposeSettings(options.policies(), options.state());
    try {
      // Before the HTTP port and the lease (which lives in the state directory): nothing is written
      // where it must not be.
      settings.requireServable();
    } catch (IllegalArgumentException e) {
      System.err.println("bulwark run: " + e.getMessage());
      return 2;
    }
    AtomicReference<OperatorServices> services = new AtomicReference<>();
    AtomicReference<MetricsFeed> metrics = new AtomicReference<>();
    AtomicReference<ComposeRuntime> runtime = new AtomicReference<>();
    AtomicBoolean serving = new AtomicBoolean();
    // The page reads the status files only, so a standby shows what the active daemon wrote.
    StatusFileResources served = new StatusFileResources(options.state(), Environment.system());
    StatusPage page = new StatusPage(served, Clock.systemUTC(), "compose", System.getenv());
    // Up before the lease, so a standby answers probes: live (it is waiting as it should), not
    // ready.
    Optional<HttpEndpoints> endpoints =
        http.start(
            () -> metrics.get() == null ? STANDBY_METRICS : metrics.get().scrape(),
            () -> !serving.get() || runtime.get() == null || runtime.get().isAlive(),
            serving::get,
            page::render);
    DaemonLease lease = awaitLease();
    services.set(OperatorServices.start(options.state()));
    runtime.set(
        new ComposeRuntime(
            settings,
            Controllers.standard(Environment.system()),
            Clock.systemUTC(),
            services.get().runtime()));
    metrics.set(
        MetricsFeed.overState(
            services.get().metrics(), served, options.state(), Clock.systemUTC()));
    runtime.get().start();
    serving.set(true);
    LOG.info(
        "serving {} (status in {}{})",
        options.policies().toAbsolutePath().normalize(),
        options.state().toAbsolutePath().normalize().resolve("status"),
        endpoints
            .map(
                e ->
                    "; status page on http://localhost:"
                        + e.port()
                        + "/, /metrics, /healthz and /readyz")
            .orElse(""));
    return UntilSignalled.serve(
        "compose runtime",
        () -> {
          serving.set(false);
          runtime.get().close(); // cancels running jobs through the services
          services.get().close();
          lease.close(); // last: a standby starts only once this process has let go of everything
          endpoints.ifPresent(HttpEndpoints::close);
        });
  }

  /**
   * The lease of the state directory, waiting for it while another daemon holds it: one line says
   * so, one line says when this process takes over. A signal while waiting ends the process (the
   * JVM's shutdown does not wait for this thread), with nothing of the state directory touched.
   */
  private DaemonLease awaitLease() throws InterruptedException {
    Optional<DaemonLease> lease = DaemonLease.tryAcquire(options.state(), Clock.systemUTC());
    if (lease.isPresent()) {
      return lease.get();
    }
    String holder = DaemonLease.holder(options.state());
    LOG.info(
        "standing by: {} is served by another bulwark run ({}); taking over within {} s of it stopping"
            + " (/healthz live, /readyz not ready meanwhile)",
        options.state().toAbsolutePath().normalize(),
        holder,
        STANDBY_POLL.toSeconds());
    while (lease.isEmpty()) {
      Thread.sleep(STANDBY_POLL.toMillis());
      lease = DaemonLease.tryAcquire(options.state(), Clock.systemUTC());
    }
    LOG.info(
        "taking over {}: the daemon that served it ({}) has stopped",
        options.state().toAbsolutePath().normalize(),
        holder);
    return lease.get();
  }
}
