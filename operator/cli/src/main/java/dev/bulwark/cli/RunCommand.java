package dev.bulwark.cli;

import dev.bulwark.compose.ComposeRuntime;
import dev.bulwark.compose.ComposeSettings;
import dev.bulwark.core.Environment;
import dev.bulwark.core.reconcile.Controllers;
import java.nio.file.Files;
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

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(options.policies())) {
      System.err.println(
          "bulwark run: policies directory " + options.policies() + " does not exist"
              + " (set --policies or BULWARK_POLICIES)");
      return 2;
    }
    ComposeRuntime runtime =
        new ComposeRuntime(
            new ComposeSettings(options.policies(), options.state()),
            Controllers.standard(Environment.system()),
            Clock.systemUTC());
    runtime.start();
    LOG.info(
        "serving {} (status in {})",
        options.policies().toAbsolutePath().normalize(),
        options.state().toAbsolutePath().normalize().resolve("status"));
    return UntilSignalled.serve("compose runtime", runtime);
  }
}
