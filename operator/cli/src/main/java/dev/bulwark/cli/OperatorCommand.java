package dev.bulwark.cli;

import dev.bulwark.core.Environment;
import dev.bulwark.core.reconcile.Controllers;
import dev.bulwark.kubernetes.ClusterUnreachableException;
import dev.bulwark.kubernetes.KubernetesRuntime;
import dev.bulwark.kubernetes.KubernetesRuntimeSettings;
import dev.bulwark.kubernetes.KubernetesRuntimeSettings.LeaderElection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.bulwark.cli.http.HttpEndpoints;
import dev.bulwark.kubernetes.secrets.KubernetesSecrets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code bulwark operator}: the same controllers on a Kubernetes cluster, via java-operator-sdk. */
@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description = {
      "Run as a Kubernetes operator: reconcile BackupPolicy, RestoreDrill and MigrationPlan resources",
      "(CRDs in crd-schemas/). Uses the in-cluster service account or ~/.kube/config."
    })
final class OperatorCommand implements Callable<Integer> {

  @Option(
      names = "--namespaces",
      paramLabel = "NS[,NS...]",
      defaultValue = "${env:BULWARK_NAMESPACES:-}",
      description = "Namespaces to watch, comma separated (default: $BULWARK_NAMESPACES, else all).")
  String namespaces;

  @Option(
      names = "--leader-election",
      negatable = true,
      defaultValue = "${env:BULWARK_LEADER_ELECTION:-true}",
      fallbackValue = "true",
      description = "Elect one active replica through a Lease (default: true; $BULWARK_LEADER_ELECTION).")
  boolean leaderElection;

  @Option(
      names = "--lease-namespace",
      paramLabel = "NS",
      defaultValue = "${env:BULWARK_LEASE_NAMESPACE:-}",
      description = "Namespace of the leader-election Lease (default: the client's namespace).")
  String leaseNamespace;

  @Option(
      names = "--state",
      paramLabel = "DIR",
      defaultValue = "${env:BULWARK_STATE:-/var/lib/bulwark}",
      description = "Job records, audit trail and the local target (default: $BULWARK_STATE, else /var/lib/bulwark).")
  java.nio.file.Path state;

  @Mixin HttpOptions http;

  @Override
  public Integer call() {
    KubernetesRuntimeSettings settings =
        KubernetesRuntimeSettings.defaults()
            .watching(KubernetesRuntimeSettings.namespacesFrom(namespaces));
    if (leaderElection) {
      settings = settings.withLeaderElection(LeaderElection.inNamespace(leaseNamespace.isBlank() ? null : leaseNamespace));
    }
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      OperatorServices services =
          OperatorServices.start(state, Optional.of(local -> new KubernetesSecrets(client, local)));
      KubernetesRuntime runtime =
          new KubernetesRuntime(
              client, Controllers.standard(Environment.system()), Clock.systemUTC(), settings, services.runtime());
      AtomicBoolean started = new AtomicBoolean();
      Optional<HttpEndpoints> endpoints = http.start(services.metrics()::scrape, () -> true, started::get);
      try {
        runtime.start();
      } catch (ClusterUnreachableException e) {
        // One line, no stack trace: there is nothing to reconcile against.
        System.err.println("bulwark operator: " + e.getMessage());
        runtime.close();
        services.close();
        endpoints.ifPresent(HttpEndpoints::close);
        return 2;
      }
      started.set(true);
      return UntilSignalled.serve("kubernetes runtime", () -> {
        started.set(false);
        runtime.close(); // cancels running jobs through the services
        services.close();
        endpoints.ifPresent(HttpEndpoints::close);
      });
    }
  }
}
