package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.cli.http.HttpEndpoints;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

class HttpOptionsTest {
  @Command(name = "serve")
  static final class Serve {
    @Mixin HttpOptions http;
  }

  private static HttpOptions parse(String... args) {
    Serve command = new Serve();
    new CommandLine(command).parseArgs(args);
    return command.http;
  }

  @Test
  void defaultsToBulwarkHttpPortThen8080() throws NoSuchMethodException {
    // picocli interpolates ${env:...} when it builds the model, so read the declaration itself.
    Option option =
        HttpOptions.class.getDeclaredMethod("setPort", int.class).getAnnotation(Option.class);

    assertThat(option.defaultValue()).isEqualTo("${env:BULWARK_HTTP_PORT:-8080}");
    if (System.getenv("BULWARK_HTTP_PORT") == null) {
      assertThat(parse().port()).isEqualTo(8080);
    }
  }

  @Test
  void minusOneTurnsTheEndpointsOff() {
    HttpOptions off = parse("--http-port", "-1");

    assertThat(off.enabled()).isFalse();
    assertThat(off.start(() -> "", () -> true, () -> true)).isEmpty();
  }

  @Test
  void zeroServesOnAnyFreePort() {
    HttpOptions any = parse("--http-port", "0");

    Optional<HttpEndpoints> endpoints = any.start(() -> "", () -> true, () -> true);
    try {
      assertThat(endpoints).hasValueSatisfying(e -> assertThat(e.port()).isPositive());
    } finally {
      endpoints.ifPresent(HttpEndpoints::close);
    }
  }

  @Test
  void portsOutOfRangeAreRejectedWithTheFix() {
    assertThatThrownBy(() -> parse("--http-port", "70000"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--http-port (or BULWARK_HTTP_PORT) is 70000")
        .hasMessageContaining("-1 to turn the endpoints off");
    assertThatThrownBy(() -> parse("--http-port", "web"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--http-port");
  }
}
