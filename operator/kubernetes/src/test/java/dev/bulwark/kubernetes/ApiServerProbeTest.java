package dev.bulwark.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Environment;
import dev.bulwark.core.reconcile.Controllers;
import dev.bulwark.engine.testing.TestingClock;
import dev.bulwark.kubernetes.testing.TestingApiServer;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Starting without a cluster that answers is one line naming the server and the cause. */
class ApiServerProbeTest {

  @Test
  void aClosedPortIsOneLineNamingTheServerAndTheCause() throws IOException {
    String url = "http://127.0.0.1:" + closedPort() + "/";

    assertThatThrownBy(() -> start(url, null))
        .isInstanceOf(ClusterUnreachableException.class)
        .hasMessageStartingWith(
            "no Kubernetes API server answers at " + url + " (connection refused")
        .hasMessageEndingWith(
            "run inside a cluster, or point KUBECONFIG (or ~/.kube/config) at one")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void anUnknownHostIsNamedAsSuch() {
    assertThatThrownBy(() -> start("https://bulwark-no-such-cluster.invalid:6443/", null))
        .isInstanceOf(ClusterUnreachableException.class)
        .hasMessageContaining("https://bulwark-no-such-cluster.invalid:6443/")
        .hasMessageContaining("(cannot resolve host bulwark-no-such-cluster.invalid");
  }

  @Test
  void refusedCredentialsAreNamedAsSuch() {
    try (TestingApiServer api = TestingApiServer.start()) {
      assertThatThrownBy(() -> start(api.url(), "a-token-nobody-issued"))
          .isInstanceOf(ClusterUnreachableException.class)
          .hasMessageContaining("refused the credentials (401 Unauthorized)");
    }
  }

  private static void start(String url, String token) {
    try (KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl(url).withOauthToken(token).build())
                .build();
        KubernetesRuntime runtime =
            new KubernetesRuntime(
                client,
                Controllers.standard(Environment.of(Map.of())),
                TestingClock.at("2026-03-02T10:01:30Z"),
                KubernetesRuntimeSettings.defaults())) {
      runtime.start();
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
