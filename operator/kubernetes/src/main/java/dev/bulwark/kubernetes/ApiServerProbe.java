package dev.bulwark.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the API server for its version before the operator starts its informers, so that a missing
 * or misconfigured cluster is one line ({@link ClusterUnreachableException}) instead of every
 * informer's retries and stack traces. {@code GET /version} needs no RBAC beyond the defaults every
 * account has. It tries {@value #ATTEMPTS} times, {@link #PAUSE} apart, without the client's own
 * retries (about 100 s by default), so a cluster that is not there is reported in seconds; on a
 * cluster the pod restarts and tries again.
 */
final class ApiServerProbe {
  static final int ATTEMPTS = 3;
  static final Duration PAUSE = Duration.ofSeconds(1);

  private ApiServerProbe() {}

  /**
   * Returns when the API server answers.
   *
   * @throws ClusterUnreachableException when it does not, or refuses the credentials
   */
  static void check(KubernetesClient client) {
    Config config =
        new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build();
    String server = config.getMasterUrl();
    KubernetesClientException last = null;
    try (KubernetesClient probe = new KubernetesClientBuilder().withConfig(config).build()) {
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          probe.getKubernetesVersion();
          return;
        } catch (KubernetesClientException e) {
          if (e.getCode() == 401) {
            throw new ClusterUnreachableException(
                "the Kubernetes API server at "
                    + server
                    + " refused the credentials (401 Unauthorized):"
                    + " check the pod's ServiceAccount token, or the user of the kubeconfig",
                e);
          }
          if (e.getCode() > 0 && e.getCode() < 500) {
            return; // it answered (no response is code -1 or 0); what it refuses is RBAC's
            // business, reported by the informers
          }
          last = e;
        }
        if (attempt < ATTEMPTS) {
          pause();
        }
      }
    }
    throw new ClusterUnreachableException(
        "no Kubernetes API server answers at "
            + server
            + " ("
            + cause(last, server)
            + ", "
            + ATTEMPTS
            + " attempts):"
            + " run inside a cluster, or point KUBECONFIG (or ~/.kube/config) at one",
        last);
  }

  /**
   * What went wrong, in words, with the exception that says so (the JDK client nests them deeply).
   */
  private static String cause(KubernetesClientException error, String server) {
    if (error.getCode() >= 500) {
      return "it answered HTTP " + error.getCode();
    }
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    for (Throwable t : chain) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "cannot resolve host "
            + URI.create(server).getHost()
            + ": "
            + t.getClass().getSimpleName();
      }
    }
    for (Throwable t : chain) {
      if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
        return "timed out: " + t.getClass().getSimpleName();
      }
      if (t instanceof ConnectException) {
        return "connection refused: ConnectException";
      }
    }
    Throwable root = chain.get(chain.size() - 1);
    String message = root.getMessage();
    return root.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : ": " + message.strip());
  }

  private static void pause() {
    try {
      Thread.sleep(PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
