package dev.bulwark.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Environment;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookAlertSinkTest {
  private static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");
  private static final WebhookAlertSink.Settings FAST =
      WebhookAlertSink.Settings.defaults()
          .withFirstBackoff(Duration.ofMillis(10))
          .withRequestTimeout(Duration.ofSeconds(5));

  private final TestingWebhookReceiver receiver = new TestingWebhookReceiver();

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private static Alert alert(String name, Optional<String> webhookUrl) {
    return new Alert(
        "BackupPolicy",
        Optional.empty(),
        name,
        "Healthy",
        "False",
        "BackupFailing",
        "2 consecutive backups failed",
        true,
        AT,
        webhookUrl);
  }

  @Test
  void postsTheAlertAsJsonToTheDefaultUrl() throws IOException {
    try (WebhookAlertSink sink = new WebhookAlertSink(Optional.of(receiver.url("/hook")), FAST)) {
      sink.send(alert("app", Optional.empty()));

      Eventually.until("the receiver has the alert", () -> receiver.received().size() == 1);
    }
    TestingWebhookReceiver.Received request = receiver.received().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/hook");
    assertThat(request.contentType()).isEqualTo("application/json");
    JsonNode body = new ObjectMapper().readTree(request.body());
    assertThat(body.path("source").asText()).isEqualTo("bulwark");
    assertThat(body.path("kind").asText()).isEqualTo("BackupPolicy");
    assertThat(body.path("namespace").isNull()).isTrue();
    assertThat(body.path("name").asText()).isEqualTo("app");
    assertThat(body.path("condition").asText()).isEqualTo("Healthy");
    assertThat(body.path("status").asText()).isEqualTo("False");
    assertThat(body.path("reason").asText()).isEqualTo("BackupFailing");
    assertThat(body.path("message").asText()).isEqualTo("2 consecutive backups failed");
    assertThat(body.path("severity").asText()).isEqualTo("warning");
    assertThat(body.path("at").asText()).isEqualTo("2026-03-01T10:15:30Z");
  }

  @Test
  void retriesServerErrorsThenSucceeds() {
    receiver.answer(500, 500);
    try (CapturedLogs logs = new CapturedLogs("dev.bulwark.core.alerts");
        WebhookAlertSink sink = new WebhookAlertSink(Optional.of(receiver.url("/hook")), FAST)) {
      sink.send(alert("app", Optional.empty()));

      Eventually.until("three attempts", () -> receiver.received().size() == 3);
      Eventually.until(
          "the success is logged", () -> logs.lines().stream().anyMatch(l -> l.contains("posted")));
      assertThat(logs.lines()).filteredOn(l -> l.contains("failed (HTTP 500)")).hasSize(2);
    }
    assertThat(receiver.received())
        .extracting(TestingWebhookReceiver.Received::body)
        .containsOnly(receiver.received().get(0).body());
  }

  @Test
  void retries429() {
    receiver.answer(429);
    try (WebhookAlertSink sink = new WebhookAlertSink(Optional.of(receiver.url("/hook")), FAST)) {
      sink.send(alert("app", Optional.empty()));

      Eventually.until("two attempts", () -> receiver.received().size() == 2);
    }
  }

  @Test
  void aClientErrorIsNotRetried() {
    receiver.answer(400);
    try (CapturedLogs logs = new CapturedLogs("dev.bulwark.core.alerts");
        WebhookAlertSink sink = new WebhookAlertSink(Optional.of(receiver.url("/hook")), FAST)) {
      sink.send(alert("first", Optional.empty()));
      sink.send(alert("second", Optional.empty()));

      // Delivery is in order: had "first" been retried, its retry would come before "second".
      Eventually.until("both alerts arrived", () -> receiver.received().size() >= 2);
      assertThat(receiver.received())
          .extracting(r -> r.body().contains("\"name\":\"first\""))
          .containsExactly(true, false);
      assertThat(logs.lines())
          .anyMatch(l -> l.contains("answered HTTP 400") && l.contains("not retried"));
    }
  }

  @Test
  void theResourcesOwnUrlWinsOverTheDefault() {
    try (WebhookAlertSink sink =
        new WebhookAlertSink(Optional.of(receiver.url("/default")), FAST)) {
      sink.send(alert("own", Optional.of(receiver.url("/own"))));
      sink.send(alert("fallback", Optional.empty()));

      Eventually.until("both alerts arrived", () -> receiver.received().size() == 2);
    }
    assertThat(receiver.received())
        .extracting(TestingWebhookReceiver.Received::path)
        .containsExactly("/own", "/default");
  }

  @Test
  void withoutAnyUrlNothingIsPosted() {
    try (WebhookAlertSink sink = new WebhookAlertSink(Optional.empty(), FAST)) {
      sink.send(alert("app", Optional.empty()));
      sink.send(alert("app", Optional.of(receiver.url("/own"))));

      Eventually.until("the alert with a URL arrived", () -> receiver.received().size() == 1);
    }
    assertThat(receiver.received())
        .singleElement()
        .extracting(TestingWebhookReceiver.Received::path)
        .isEqualTo("/own");
  }

  @Test
  void theDefaultUrlComesFromTheEnvironment() {
    Environment environment =
        Environment.of(Map.of(Environment.BULWARK_WEBHOOK_URL, receiver.url("/from-env")));
    assertThat(environment.toString()).doesNotContain("from-env");

    try (WebhookAlertSink sink = WebhookAlertSink.fromEnvironment(environment)) {
      sink.send(alert("app", Optional.empty()));

      Eventually.until("the alert arrived", () -> receiver.received().size() == 1);
    }
    assertThat(receiver.received().get(0).path()).isEqualTo("/from-env");
  }

  @Test
  void userinfoBecomesABasicAuthorizationHeader() {
    String url = receiver.url("/hook").replace("http://", "http://bulwark:pa55@");
    try (WebhookAlertSink sink = new WebhookAlertSink(Optional.of(url), FAST)) {
      sink.send(alert("app", Optional.empty()));

      Eventually.until("the alert arrived", () -> receiver.received().size() == 1);
    }
    assertThat(receiver.received().get(0).authorization()).isEqualTo("Basic YnVsd2FyazpwYTU1");
  }

  @Test
  void tokensInTheUrlNeverReachTheLog() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    receiver.answer(503, 503, 401);
    try (CapturedLogs logs = new CapturedLogs("dev.bulwark.core");
        WebhookAlertSink sink =
            new WebhookAlertSink(
                Optional.of("not a url ?token=S3CR3T-DEFAULT"), FAST.withMaxAttempts(2))) {
      sink.send(
          alert(
              "refused",
              Optional.of(
                  "http://user:S3CR3T-PASS@127.0.0.1:"
                      + closedPort
                      + "/S3CR3T-PATH?token=S3CR3T-Q")));
      sink.send(
          alert("retried", Optional.of(receiver.url("/services/S3CR3T-PATH?token=S3CR3T-Q"))));
      sink.send(
          alert("rejected", Optional.of(receiver.url("/services/S3CR3T-PATH?token=S3CR3T-Q"))));
      sink.send(alert("malformed", Optional.of("https://exa mple.com/S3CR3T-PATH?token=S3CR3T-Q")));

      Eventually.until(
          "every delivery has ended",
          () ->
              logs.lines().stream()
                      .filter(l -> l.contains("gave up") || l.contains("not retried"))
                      .count()
                  == 3);
      assertThat(String.join("\n", logs.lines()))
          .contains("127.0.0.1", "malformed")
          .doesNotContain("S3CR3T");
    }
  }

  @Test
  void aFullQueueDropsTheOldestAlert() {
    receiver.holdRequests();
    try (CapturedLogs logs = new CapturedLogs("dev.bulwark.core.alerts");
        WebhookAlertSink sink =
            new WebhookAlertSink(Optional.of(receiver.url("/hook")), FAST.withQueueCapacity(2))) {
      sink.send(alert("a", Optional.empty()));
      Eventually.until("the worker is busy with a", () -> receiver.received().size() == 1);
      sink.send(alert("b", Optional.empty()));
      sink.send(alert("c", Optional.empty()));
      sink.send(alert("d", Optional.empty()));
      receiver.release();

      Eventually.until("three alerts arrived", () -> receiver.received().size() == 3);
      assertThat(logs.lines())
          .anyMatch(
              l -> l.contains("queue full") && l.contains("dropped the oldest, BackupPolicy/b"));
    }
    assertThat(receiver.received())
        .extracting(r -> r.body().replaceAll(".*\"name\":\"(\\w)\".*", "$1"))
        .containsExactly("a", "c", "d");
  }

  @Test
  void closeDeliversWhatIsQueued() {
    WebhookAlertSink sink = new WebhookAlertSink(Optional.of(receiver.url("/hook")), FAST);
    for (int i = 0; i < 5; i++) {
      sink.send(alert("app" + i, Optional.empty()));
    }

    sink.close();

    assertThat(receiver.received()).hasSize(5);
    sink.send(alert("late", Optional.empty()));
  }
}
