package dev.bulwark.cli;

import dev.bulwark.compose.ComposeRuntime;
import dev.bulwark.compose.ComposeSettings;
import dev.bulwark.core.Environment;
import dev.bulwark.core.reconcile.Controllers;
import dev.bulwark.cli.http.HttpEndpoints;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bulwark run}: compose mode, serving a watched directory of policy YAML. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the policies in a directory (compose mode): reconcile on every change and on schedule,",
      "write status files under <state>/status. Stops cleanly on SIGTERM."
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
    Optional<HttpEndpoints> endpoints =
        http.start(services.metrics()::scrape, () -> !serving.get() || runtime.isAlive(), serving::get);
    try {
      runtime.start();
    } catch (IllegalArgumentException e) {
      // Directories that cannot be served (the state inside the policies): a usage error, told in one line.
      runtime.close();
      services.close();
      endpoints.ifPresent(HttpEndpoints::close);
      System.err.println("bulwark run: " + e.getMessage());
      return 2;
    }
    serving.set(true);
    LOG.info(
        "serving {} (status in {}{})",
        options.policies().toAbsolutePath().normalize(),
        options.state().toAbsolutePath().normalize().resolve("status"),
        endpoints.map(e -> "; /metrics, /healthz and /readyz on port " + e.port()).orElse(""));
    return UntilSignalled.serve("compose runtime", () -> {
      serving.set(false);
      runtime.close(); // cancels running jobs through the services
      services.close();
      endpoints.ifPresent(HttpEndpoints::close);
    });
  }
}
