package dev.bulwark.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpEndpointsTest {
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicBoolean live = new AtomicBoolean(true);
  private final AtomicBoolean ready = new AtomicBoolean(false);
  private final AtomicInteger scrapes = new AtomicInteger();
  private final HttpEndpoints endpoints =
      HttpEndpoints.start(
          "127.0.0.1",
          0,
          () ->
              "# TYPE bulwark_backup_runs_total counter\nbulwark_backup_runs_total "
                  + scrapes.incrementAndGet()
                  + "\n",
          live::get,
          ready::get);

  @AfterEach
  void stop() {
    endpoints.close();
  }

  private HttpResponse<String> request(String method, String path)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoints.port() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsServeThePrometheusTextFreshOnEveryScrape() throws Exception {
    HttpResponse<String> first = request("GET", "/metrics");
    HttpResponse<String> second = request("GET", "/metrics?name[]=bulwark_backup_runs_total");

    assertThat(endpoints.port()).isPositive();
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type"))
        .contains("text/plain; version=0.0.4; charset=utf-8");
    assertThat(first.body()).contains("bulwark_backup_runs_total 1");
    assertThat(second.body()).contains("bulwark_backup_runs_total 2");
  }

  @Test
  void healthzFollowsTheLoop() throws Exception {
    assertThat(request("GET", "/healthz"))
        .satisfies(
            r -> {
              assertThat(r.statusCode()).isEqualTo(200);
              assertThat(r.body()).isEqualTo("ok\n");
            });

    live.set(false);

    HttpResponse<String> down = request("GET", "/healthz");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).startsWith("not live: ").hasLineCount(1);
  }

  @Test
  void readyzSays503WithAReasonUntilReady() throws Exception {
    HttpResponse<String> starting = request("GET", "/readyz");
    assertThat(starting.statusCode()).isEqualTo(503);
    assertThat(starting.body()).startsWith("not ready: ").hasLineCount(1);

    ready.set(true);

    assertThat(request("GET", "/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void headAnswersLikeGetWithoutABody() throws Exception {
    HttpResponse<String> head = request("HEAD", "/metrics");

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(request("HEAD", "/readyz").statusCode()).isEqualTo(503);
  }

  @Test
  void otherMethodsAndPathsAreRefused() throws Exception {
    HttpResponse<String> post = request("POST", "/metrics");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");

    assertThat(request("GET", "/").statusCode()).isEqualTo(404);
    assertThat(request("GET", "/metrics/extra").statusCode()).isEqualTo(404);
    assertThat(request("DELETE", "/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void theStatusPageIsServedOnTheRootWhenTheRuntimeGivesOne() throws Exception {
    try (HttpEndpoints withPage =
        HttpEndpoints.start(
            "127.0.0.1", 0, () -> "", () -> true, () -> true, () -> "<!DOCTYPE html><p>ok</p>")) {
      URI root = URI.create("http://127.0.0.1:" + withPage.port() + "/");
      HttpResponse<String> page =
          client.send(HttpRequest.newBuilder(root).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
      assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
      assertThat(page.body()).isEqualTo("<!DOCTYPE html><p>ok</p>");
    }
  }

  @Test
  void aFailingCheckIsA500AndTheServerKeepsServing() throws Exception {
    try (HttpEndpoints broken =
        HttpEndpoints.start(
            "127.0.0.1",
            0,
            () -> {
              throw new IllegalStateException("registry closed");
            },
            () -> true,
            () -> true)) {
      URI metrics = URI.create("http://127.0.0.1:" + broken.port() + "/metrics");
      URI healthz = URI.create("http://127.0.0.1:" + broken.port() + "/healthz");

      assertThat(
              client
                  .send(
                      HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(500);
      assertThat(
              client
                  .send(
                      HttpRequest.newBuilder(healthz).build(), HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void aTakenPortIsAClearError() {
    assertThatThrownBy(
            () ->
                HttpEndpoints.start(
                    "127.0.0.1", endpoints.port(), () -> "", () -> true, () -> true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("127.0.0.1:" + endpoints.port())
        .hasMessageContaining("--http-port");
  }

  @Test
  void closeStopsServing() {
    endpoints.close();

    assertThatThrownBy(() -> request("GET", "/healthz")).isInstanceOf(ConnectException.class);
  }
}
