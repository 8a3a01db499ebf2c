package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bulwark operator} without a cluster that answers: one line that says so, exit code 2. */
class OperatorStartupIT {

  @Test
  void noClusterIsOneLineAndExitCodeTwo(@TempDir Path home) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path kubeconfig = home.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters: [{name: gone, cluster: {server: 'http://127.0.0.1:" + port + "'}}]",
            "users: [{name: u, user: {token: t}}]",
            "contexts: [{name: gone, context: {cluster: gone, user: u, namespace:"
                + " bulwark-system}}]",
            "current-context: gone",
            ""));

    BulwarkProcess.Result result =
        BulwarkProcess.run(
            home,
            Map.of(
                "HOME",
                home.toString(),
                "KUBECONFIG",
                kubeconfig.toString(),
                "BULWARK_STATE",
                home.resolve("state").toString()),
            "operator",
            "--http-port",
            "-1");

    List<String> lines = (result.stdout() + result.stderr()).lines().toList();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(lines)
        .as("no stack traces")
        .noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
    assertThat(result.stderr().lines().filter(l -> l.startsWith("bulwark operator: ")).toList())
        .singleElement()
        .asString()
        .startsWith(
            "bulwark operator: no Kubernetes API server answers at http://127.0.0.1:"
                + port
                + "/ (connection refused")
        .endsWith("point KUBECONFIG (or ~/.kube/config) at one");
    assertThat(lines).as("everything printed: " + lines).hasSizeLessThan(20);
  }
}
