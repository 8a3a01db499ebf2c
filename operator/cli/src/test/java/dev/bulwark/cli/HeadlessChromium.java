package dev.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium in headless mode, driven through chromedriver's W3C WebDriver HTTP API (the few
 * calls a page check needs): open a page, read its title and the text a person sees, take a
 * screenshot. JavaScript is switched off, so what it shows is what the server rendered.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process driver;
  private final URI base;
  private final String session;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private HeadlessChromium(Process driver, URI base, String session) {
    this.driver = driver;
    this.base = base;
    this.session = session;
  }

  /** Whether the browser and its driver are installed. */
  static boolean installed() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  /** Starts chromedriver and a browser session with a fresh profile under {@code profile}. */
  static HeadlessChromium start(Path profile, Path log) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process driver =
        new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      try {
        JsonNode status =
            JSON.readTree(
                http.send(
                        HttpRequest.newBuilder(base.resolve("status")).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body());
        if (status.at("/value/ready").asBoolean()) {
          break;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (Instant.now().isAfter(deadline)) {
        driver.destroyForcibly();
        throw new AssertionError("chromedriver did not become ready; see " + log);
      }
      Thread.sleep(100);
    }
    ObjectNode options = JSON.createObjectNode();
    options.put("binary", CHROMIUM.toString());
    options.set(
        "args",
        JSON.valueToTree(
            List.of(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
                "--user-data-dir=" + profile)));
    // No JavaScript: the tables must be there without it.
    options.putObject("prefs").put("profile.managed_default_content_settings.javascript", 2);
    ObjectNode capabilities = JSON.createObjectNode();
    ObjectNode always = capabilities.putObject("capabilities").putObject("alwaysMatch");
    always.put("browserName", "chrome");
    always.set("goog:chromeOptions", options);
    HeadlessChromium browser = new HeadlessChromium(driver, base, null);
    JsonNode created = browser.call("POST", "session", capabilities);
    return new HeadlessChromium(driver, base, created.path("sessionId").asText());
  }

  /** Opens {@code url} and waits for it to load. */
  void open(String url) throws Exception {
    call("POST", "session/" + session + "/url", JSON.createObjectNode().put("url", url));
  }

  /** The document's title. */
  String title() throws Exception {
    return call("GET", "session/" + session + "/title", null).asText();
  }

  /** The rendered text of the page's body, as a person reads it. */
  String visibleText() throws Exception {
    return text("body");
  }

  /** The rendered text of the first element matching a CSS selector. */
  String text(String cssSelector) throws Exception {
    JsonNode element =
        call(
            "POST",
            "session/" + session + "/element",
            JSON.createObjectNode().put("using", "css selector").put("value", cssSelector));
    return call(
            "GET",
            "session/" + session + "/element/" + element.path(ELEMENT).asText() + "/text",
            null)
        .asText();
  }

  /** The page's HTML as the browser holds it. */
  String source() throws Exception {
    return call("GET", "session/" + session + "/source", null).asText();
  }

  /** A PNG of the viewport. */
  byte[] screenshot() throws Exception {
    return Base64.getDecoder()
        .decode(call("GET", "session/" + session + "/screenshot", null).asText());
  }

  @Override
  public void close() throws IOException {
    try {
      if (session != null) {
        call("DELETE", "session/" + session, null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the driver still goes below; the caller sees the flag
    } finally {
      driver.destroy();
      try {
        if (!driver.waitFor(10, TimeUnit.SECONDS)) {
          driver.destroyForcibly();
        }
      } catch (InterruptedException e) {
        driver.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private JsonNode call(String method, String path, JsonNode body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode answer = JSON.readTree(response.body());
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "WebDriver " + method + " " + path + ": " + response.statusCode() + " " + answer);
    }
    return answer.path("value");
  }
}
