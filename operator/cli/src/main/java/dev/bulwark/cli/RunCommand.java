package dev.bulwark.cli;

import dev.bulwark.cli.http.HttpEndpoints;
import dev.bulwark.cli.http.StatusPage;
import dev.bulwark.compose.ComposeRuntime;
import dev.bulwark.compose.ComposeSettings;
import dev.bulwark.core.Environment;
import dev.bulwark.core.metrics.MetricsFeed;
import dev.bulwark.core.reconcile.Controllers;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bulwark run}: compose mode, serving a watched directory of policy YAML. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the policies in a directory (compose mode) until stopped.",
      "It reconciles on every change and on schedule, runs the jobs, drills and plans, writes status",
      "files under <state>/status and gate.json, and serves the status page, /metrics, /healthz and",
      "/readyz on --http-port. Stops cleanly on SIGTERM."
    })
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Mixin StateOptions options;

  @Mixin HttpOptions http;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(options.policies())) {
      System.err.println(
          "bulwark run: policies directory " + options.policies() + " does not exist"
              + " (set --policies or BULWARK_POLICIES)");
      return 2;
    }
    OperatorServices services = OperatorServices.start(options.state());
    ComposeRuntime runtime =
        new ComposeRuntime(
            new ComposeSettings(options.policies(), options.state()),
            Controllers.standard(Environment.system()),
            Clock.systemUTC(),
            services.runtime());
    AtomicBoolean serving = new AtomicBoolean();
    StatusFileResources served = new StatusFileResources(options.state(), Environment.system());
    MetricsFeed metrics = MetricsFeed.overState(services.metrics(), served, options.state(), Clock.systemUTC());
    StatusPage page = new StatusPage(served, Clock.systemUTC(), "compose", System.getenv());
    Optional<HttpEndpoints> endpoints =
        http.start(metrics::scrape, () -> !serving.get() || runtime.isAlive(), serving::get, page::render);
    runtime.start();
    serving.set(true);
    LOG.info(
        "serving {} (status in {}{})",
        options.policies().toAbsolutePath().normalize(),
        options.state().toAbsolutePath().normalize().resolve("status"),
        endpoints.map(e -> "; status page on http://localhost:" + e.port() + "/, /metrics, /healthz and /readyz")
            .orElse(""));
    return UntilSignalled.serve("compose runtime", () -> {
      serving.set(false);
      runtime.close(); // cancels running jobs through the services
      services.close();
      endpoints.ifPresent(HttpEndpoints::close);
    });
  }
}
