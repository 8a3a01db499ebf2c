package dev.bulwark.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Environment;
import dev.bulwark.core.reconcile.Controllers;
import dev.bulwark.engine.testing.TestingClock;
import dev.bulwark.kubernetes.KubernetesRuntimeSettings.LeaderElection;
import dev.bulwark.kubernetes.testing.ApiAudit;
import dev.bulwark.kubernetes.testing.KustomizeBase;
import dev.bulwark.kubernetes.testing.TestingApiServer;
import io.javaoperatorsdk.operator.OperatorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RBAC drift fails the build: a copy of the shipped base with one verb removed, enforced by the
 * strict stand-in API server, makes the operator fail to start or get a 403.
 *
 * <p>(A refused watch is not tried here: java-operator-sdk's default handler of a stopped informer
 * exits the JVM, which would end the test run; RbacCoverageTest shows every watch is allowed.)
 */
class RbacDriftTest {
  @TempDir Path copy;

  private TestingApiServer api;
  private KubernetesRuntime runtime;

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void withoutUpdateOnTheLeaseTheOperatorRefusesToStart() throws IOException {
    KustomizeBase drifted = shippedBaseWith("verbs: [get, update, patch]", "verbs: [get, patch]");

    runtime = operatorOn(drifted);

    assertThatThrownBy(runtime::start)
        .isInstanceOf(OperatorException.class)
        .hasStackTraceContaining("missing required verbs: [update]");
  }

  @Test
  void withoutPatchOnTheLeaseTheRenewalIsForbidden() throws IOException {
    KustomizeBase drifted = shippedBaseWith("verbs: [get, update, patch]", "verbs: [get, update]");
    runtime = operatorOn(drifted);

    runtime.start();

    ApiAudit.Entry refused =
        Await.until(
            "a refused request of the operator",
            () ->
                api.audit().by(drifted.serviceAccount()).stream()
                    .filter(e -> !e.allowed())
                    .findFirst()
                    .orElse(null),
            e -> true);
    assertThat(refused.request().permission()).isEqualTo("patch coordination.k8s.io leases");
    assertThat(refused.reason()).contains("cannot patch resource \"leases\"");
  }

  private KubernetesRuntime operatorOn(KustomizeBase base) {
    api = TestingApiServer.start();
    api.apply(base);
    return new KubernetesRuntime(
        api.clientAs(base.serviceAccount()),
        Controllers.standard(Environment.of(Map.of())),
        TestingClock.at("2026-03-02T10:01:30Z"),
        KubernetesRuntimeSettings.defaults()
            .withLeaderElection(
                new LeaderElection(
                    KubernetesRuntimeSettings.DEFAULT_LEASE_NAME,
                    Optional.of(base.namespace()),
                    false)));
  }

  /**
   * A copy of examples/kubernetes whose rbac.yaml has {@code from} replaced by {@code to}, once.
   */
  private KustomizeBase shippedBaseWith(String from, String to) throws IOException {
    try (Stream<Path> files = Files.walk(KustomizeBase.SHIPPED)) {
      for (Path file : files.toList()) {
        Path target = copy.resolve(KustomizeBase.SHIPPED.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    Path rbac = copy.resolve("rbac.yaml");
    String text = Files.readString(rbac);
    assertThat(text.split(Pattern.quote(from), -1))
        .as("rbac.yaml has '%s' exactly once (update this test when the Role changes)", from)
        .hasSize(2);
    Files.writeString(rbac, text.replace(from, to));
    return KustomizeBase.load(copy);
  }
}
