package dev.bulwark.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The API calls one client made to the mock server. The mock records every request, the test's own
 * too; the client under test is told apart by its User-Agent.
 */
public final class RecordedApiCalls {
  private final KubernetesMockServer server;
  private final String userAgent;
  private final List<ApiCall> calls = new ArrayList<>();

  private RecordedApiCalls(KubernetesMockServer server, String userAgent) {
    this.server = server;
    this.userAgent = userAgent;
  }

  /** Records the calls of clients made by {@link #client(KubernetesClient)}. */
  public static RecordedApiCalls on(KubernetesMockServer server, String userAgent) {
    return new RecordedApiCalls(server, userAgent);
  }

  /** A new client to the same server as {@code template}, whose calls are recorded. */
  public KubernetesClient client(KubernetesClient template) {
    Config config = new ConfigBuilder(template.getConfiguration()).withUserAgent(userAgent).build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Every call of the recorded client so far, in order. */
  public synchronized List<ApiCall> calls() {
    drain();
    return List.copyOf(calls);
  }

  private void drain() {
    try {
      for (RecordedRequest request = server.takeRequest(1, TimeUnit.MILLISECONDS);
          request != null;
          request = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
        if (userAgent.equals(request.getHeader("User-Agent"))) {
          calls.add(ApiCall.of(request.getMethod(), request.getPath()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while reading the mock server's requests", e);
    }
  }
}
