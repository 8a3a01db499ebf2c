package dev.bulwark.cli;

import dev.bulwark.cli.http.HttpEndpoints;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --http-port} option of the long-running commands ({@code run}, {@code operator}), with
 * its environment fallback {@code BULWARK_HTTP_PORT}: where {@code /metrics}, {@code /healthz} and
 * {@code /readyz} are served.
 */
public final class HttpOptions {
  /** The default port when neither the option nor the environment sets one. */
  public static final int DEFAULT_PORT = 8080;

  /** The value that turns the endpoints off. */
  public static final int DISABLED = -1;

  /** Every interface: probes and Prometheus reach the process from outside its container. */
  public static final String BIND_ALL = "0.0.0.0";

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  private int port = DEFAULT_PORT;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      defaultValue = "${env:BULWARK_HTTP_PORT:-8080}",
      description =
          "Port of the status page (/), /metrics, /healthz and /readyz (default: $BULWARK_HTTP_PORT or 8080;"
              + " 0 = any free port, -1 = off).")
  void setPort(int value) {
    if (value < DISABLED || value > 65535) {
      throw new ParameterException(
          command.commandLine(),
          "--http-port (or BULWARK_HTTP_PORT) is "
              + value
              + ": expected a port 1-65535, 0 for any free port or -1 to turn the endpoints off");
    }
    port = value;
  }

  /** The port as given: 0 for any free port, {@link #DISABLED} when off. */
  public int port() {
    return port;
  }

  /** False when {@code --http-port -1} turned the endpoints off. */
  public boolean enabled() {
    return port != DISABLED;
  }

  /**
   * Starts the endpoints on all interfaces, unless they are turned off.
   *
   * @param metrics renders the Prometheus text, e.g. {@code OperatorMetrics::scrape}
   * @param live whether the process's reconcile loop is alive
   * @param ready whether the runtime is ready to serve
   * @throws IllegalStateException when the port cannot be bound (the message says which and why)
   */
  public Optional<HttpEndpoints> start(
      Supplier<String> metrics, BooleanSupplier live, BooleanSupplier ready) {
    return start(metrics, live, ready, null);
  }

  /**
   * Like {@link #start(Supplier, BooleanSupplier, BooleanSupplier)}, also serving the status page
   * that {@code page} renders on {@code /} (none when null).
   */
  public Optional<HttpEndpoints> start(
      Supplier<String> metrics,
      BooleanSupplier live,
      BooleanSupplier ready,
      Supplier<String> page) {
    if (!enabled()) {
      return Optional.empty();
    }
    return Optional.of(HttpEndpoints.start(BIND_ALL, port, metrics, live, ready, page));
  }
}
