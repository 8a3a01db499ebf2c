package dev.bulwark.core.alerts;

import dev.bulwark.core.Environment;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each alert as JSON ({@link WebhookPayload}) to the alert's own webhook URL, else to a
 * default one (from {@code BULWARK_WEBHOOK_URL}); alerts with neither are ignored.
 *
 * <p>{@link #send} only queues: one daemon worker delivers in order from a bounded queue, and a
 * full queue drops its oldest alert (logged), so a dead receiver can neither block nor grow the
 * reconcile loop. Connection errors, timeouts, 429 and 5xx are retried with exponential backoff;
 * other answers (4xx, 3xx) are final. Logs name the receiver's host only, never the URL, whose
 * userinfo, path or query may hold a token.
 */
public final class WebhookAlertSink implements AlertSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookAlertSink.class);

  /** Marks the end of the queue for the worker; never posted. */
  private static final Delivery STOP = new Delivery("", null, "");

  private final Optional<WebhookUrl> defaultUrl;
  private final Settings settings;
  private final HttpClient client;
  private final BlockingQueue<Delivery> queue;
  private final Object enqueueLock = new Object();
  private final Thread worker;
  private volatile boolean closed;

  /**
   * How deliveries are paced and bounded.
   *
   * @param queueCapacity alerts waiting for delivery before the oldest is dropped
   * @param maxAttempts attempts per alert, the first included
   * @param firstBackoff pause after the first failed attempt; doubles after each further one
   * @param requestTimeout limit on connecting and on waiting for the receiver's answer
   * @param drainTimeout how long {@link #close()} lets queued alerts go out
   */
  public record Settings(
      int queueCapacity,
      int maxAttempts,
      Duration firstBackoff,
      Duration requestTimeout,
      Duration drainTimeout) {

    public Settings {
      if (queueCapacity < 1) {
        throw new IllegalArgumentException("queueCapacity must be >= 1, got " + queueCapacity);
      }
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
      }
      requireNonNegative(firstBackoff, "firstBackoff");
      requireNonNegative(requestTimeout, "requestTimeout");
      if (requestTimeout.isZero()) {
        throw new IllegalArgumentException("requestTimeout must be positive");
      }
      requireNonNegative(drainTimeout, "drainTimeout");
    }

    /** 256 queued alerts, 5 attempts 1 s, 2 s, 4 s, 8 s apart, 10 s per request, 5 s to drain. */
    public static Settings defaults() {
      return new Settings(
          256, 5, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    /** These settings with another queue capacity. */
    public Settings withQueueCapacity(int capacity) {
      return new Settings(capacity, maxAttempts, firstBackoff, requestTimeout, drainTimeout);
    }

    /** These settings with another number of attempts. */
    public Settings withMaxAttempts(int attempts) {
      return new Settings(queueCapacity, attempts, firstBackoff, requestTimeout, drainTimeout);
    }

    /** These settings with another first backoff. */
    public Settings withFirstBackoff(Duration backoff) {
      return new Settings(queueCapacity, maxAttempts, backoff, requestTimeout, drainTimeout);
    }

    /** These settings with another request timeout. */
    public Settings withRequestTimeout(Duration timeout) {
      return new Settings(queueCapacity, maxAttempts, firstBackoff, timeout, drainTimeout);
    }

    private static void requireNonNegative(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, got " + value);
      }
    }
  }

  /** One queued POST; {@code resource} is the loggable "kind/name type=status". */
  private record Delivery(String resource, WebhookUrl url, String body) {}

  /**
   * A sink posting to each alert's own URL, else to {@code defaultUrl}.
   *
   * @param defaultUrl where alerts without their own URL go; an unusable value is logged (without
   *     its text) and treated as absent
   */
  public WebhookAlertSink(Optional<String> defaultUrl, Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.defaultUrl = defaultUrl.flatMap(WebhookAlertSink::parseDefault);
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(settings.requestTimeout())
            // A redirect would re-send the alert to an address nobody configured.
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.worker = new Thread(this::deliverUntilStopped, "bulwark-webhook");
    worker.setDaemon(true);
    worker.start();
  }

  /** A sink with default settings whose default URL is {@link Environment#webhookUrl()}. */
  public static WebhookAlertSink fromEnvironment(Environment environment) {
    return new WebhookAlertSink(environment.webhookUrl(), Settings.defaults());
  }

  /** Queues the alert for delivery; returns at once and never throws. */
  @Override
  public void send(Alert alert) {
    try {
      if (closed) {
        LOG.debug("webhook sink closed: alert for {}/{} not posted", alert.kind(), alert.name());
        return;
      }
      String resource =
          alert.kind() + "/" + alert.name() + " " + alert.type() + "=" + alert.status();
      Optional<WebhookUrl> url = urlFor(alert, resource);
      if (url.isEmpty()) {
        return;
      }
      enqueue(new Delivery(resource, url.get(), WebhookPayload.of(alert).toJson()));
    } catch (RuntimeException e) {
      LOG.warn("webhook: cannot queue an alert: {}", e.getClass().getSimpleName());
    }
  }

  /**
   * Stops taking alerts, lets the queued ones go out for up to {@link Settings#drainTimeout()},
   * then abandons the rest (logged).
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    enqueue(STOP);
    try {
      worker.join(Math.max(1, settings.drainTimeout().toMillis()));
      if (worker.isAlive()) {
        worker.interrupt();
        worker.join(TimeUnit.SECONDS.toMillis(1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int left = (int) queue.stream().filter(d -> d != STOP).count();
    if (left > 0) {
      LOG.warn("webhook: {} queued alert(s) not delivered before shutdown", left);
    }
  }

  private Optional<WebhookUrl> urlFor(Alert alert, String resource) {
    if (alert.webhookUrl().isPresent()) {
      Optional<WebhookUrl> own = WebhookUrl.parse(alert.webhookUrl().get());
      if (own.isPresent()) {
        return own;
      }
      LOG.warn(
          "webhook: {}'s spec.webhookUrl is not an absolute http(s) URL; alert {} goes to {}",
          alert.name(),
          resource,
          defaultUrl.isPresent() ? "the default webhook" : "no webhook");
    }
    return defaultUrl;
  }

  private static Optional<WebhookUrl> parseDefault(String raw) {
    Optional<WebhookUrl> url = WebhookUrl.parse(raw);
    if (url.isEmpty() && raw != null && !raw.isBlank()) {
      LOG.warn(
          "{} is not an absolute http(s) URL; alerts without their own webhookUrl are not posted",
          Environment.BULWARK_WEBHOOK_URL);
    }
    return url;
  }

  private void enqueue(Delivery delivery) {
    synchronized (enqueueLock) {
      while (!queue.offer(delivery)) {
        Delivery dropped = queue.poll();
        if (dropped != null && dropped != STOP) {
          LOG.warn(
              "webhook queue full ({} alerts): dropped the oldest, {} for {}",
              settings.queueCapacity(),
              dropped.resource(),
              dropped.url().host());
        }
      }
    }
  }

  private void deliverUntilStopped() {
    while (true) {
      Delivery delivery;
      try {
        delivery = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (delivery == STOP) {
        return;
      }
      try {
        deliver(delivery);
      } catch (InterruptedException e) {
        LOG.warn(
            "webhook: delivery of {} to {} abandoned at shutdown",
            delivery.resource(),
            delivery.url().host());
        return;
      } catch (RuntimeException e) {
        // Keeps the worker alive whatever one delivery does; the URL never reaches the log.
        LOG.warn(
            "webhook: delivery of {} to {} failed: {}",
            delivery.resource(),
            delivery.url().host(),
            e.getClass().getSimpleName());
      }
    }
  }

  private void deliver(Delivery delivery) throws InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(delivery.url().target())
            .timeout(settings.requestTimeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "bulwark")
            .POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8));
    delivery.url().basicAuthorization().ifPresent(value -> builder.header("Authorization", value));
    HttpRequest request = builder.build();
    String host = delivery.url().host();
    Duration backoff = settings.firstBackoff();
    for (int attempt = 1; ; attempt++) {
      String problem;
      try {
        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status >= 200 && status < 300) {
          LOG.debug("webhook: posted {} to {} (HTTP {})", delivery.resource(), host, status);
          return;
        }
        if (status != 429 && status < 500) {
          LOG.warn(
              "webhook: {} answered HTTP {} to {}; not retried (check the receiver's"
                  + " configuration)",
              host,
              status,
              delivery.resource());
          return;
        }
        problem = "HTTP " + status;
      } catch (IOException e) {
        problem = e.getClass().getSimpleName() + redactedDetail(delivery.url(), e);
      }
      if (attempt >= settings.maxAttempts()) {
        LOG.warn(
            "webhook: gave up posting {} to {} after {} attempt(s); last: {}",
            delivery.resource(),
            host,
            attempt,
            problem);
        return;
      }
      LOG.info(
          "webhook: attempt {}/{} posting {} to {} failed ({}); retrying in {} ms",
          attempt,
          settings.maxAttempts(),
          delivery.resource(),
          host,
          problem,
          backoff.toMillis());
      Thread.sleep(backoff.toMillis());
      backoff = backoff.multipliedBy(2);
    }
  }

  private static String redactedDetail(WebhookUrl url, IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? "" : ": " + url.redact(message);
  }
}
