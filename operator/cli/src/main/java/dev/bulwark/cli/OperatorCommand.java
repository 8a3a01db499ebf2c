package dev.bulwark.cli;

import dev.bulwark.cli.http.HttpEndpoints;
import dev.bulwark.cli.http.StatusPage;
import dev.bulwark.core.Environment;
import dev.bulwark.core.drills.DrillLedger;
import dev.bulwark.core.drills.DrillRecord;
import dev.bulwark.core.drills.DrillRequest;
import dev.bulwark.core.drills.DrillRunner;
import dev.bulwark.core.gate.GateSettings;
import dev.bulwark.core.jobs.BackupJobRunner;
import dev.bulwark.core.jobs.JobLedger;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobRequest;
import dev.bulwark.core.metrics.MetricsFeed;
import dev.bulwark.core.overview.ServedResources;
import dev.bulwark.core.reconcile.Controllers;
import dev.bulwark.core.runs.RunService;
import dev.bulwark.kubernetes.ClusterUnreachableException;
import dev.bulwark.kubernetes.KubernetesRuntime;
import dev.bulwark.kubernetes.KubernetesRuntimeSettings;
import dev.bulwark.kubernetes.KubernetesRuntimeSettings.LeaderElection;
import dev.bulwark.kubernetes.jobs.KubernetesRuns;
import dev.bulwark.kubernetes.secrets.KubernetesSecrets;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bulwark operator}: the same controllers on a Kubernetes cluster, via java-operator-sdk.
 */
@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description = {
      "Run as a Kubernetes operator over the Bulwark custom resources.",
      "It reconciles BackupPolicy, RestoreDrill, MigrationPlan and ReplayPlan resources (CRDs in",
      "crd-schemas/) with the in-cluster service account or ~/.kube/config, and serves the status",
      "page, /metrics, /healthz and /readyz on --http-port."
    })
final class OperatorCommand implements Callable<Integer> {

  @Option(
      names = "--namespaces",
      paramLabel = "NS[,NS...]",
      defaultValue = "${env:BULWARK_NAMESPACES:-}",
      description =
          "Namespaces to watch, comma separated (default: $BULWARK_NAMESPACES, else all).")
  String namespaces;

  @Option(
      names = "--leader-election",
      negatable = true,
      defaultValue = "${env:BULWARK_LEADER_ELECTION:-true}",
      fallbackValue = "true",
      description =
          "Elect one active replica through a Lease (default: true; $BULWARK_LEADER_ELECTION).")
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
      description =
          "Job records, audit trail and the local target (default: $BULWARK_STATE, else /var/lib/bulwark).")
  java.nio.file.Path state;

  @Mixin HttpOptions http;

  @Override
  public Integer call() {
    KubernetesRuntimeSettings settings =
        KubernetesRuntimeSettings.defaults()
            .watching(KubernetesRuntimeSettings.namespacesFrom(namespaces));
    if (leaderElection) {
      settings =
          settings.withLeaderElection(
              LeaderElection.inNamespace(leaseNamespace.isBlank() ? null : leaseNamespace));
    }
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      List<String> watched =
          settings.watchesAllNamespaces() ? List.of() : List.copyOf(settings.namespaces());
      OperatorServices services =
          OperatorServices.start(
              state,
              Optional.of(local -> new KubernetesSecrets(client, local)),
              Optional.of(
                  new OperatorServices.ClusterRuns() {
                    @Override
                    public RunService<JobRequest, JobRecord, JobLedger> jobs(
                        BackupJobRunner runner,
                        RunService<JobRequest, JobRecord, JobLedger> inProcess) {
                      return KubernetesRuns.jobs(
                          client, runner, inProcess, System.getenv(), watched, Clock.systemUTC());
                    }

                    @Override
                    public RunService<DrillRequest, DrillRecord, DrillLedger> drills(
                        DrillRunner runner,
                        RunService<DrillRequest, DrillRecord, DrillLedger> inProcess) {
                      return KubernetesRuns.drills(
                          client, runner, inProcess, System.getenv(), watched);
                    }
                  }));
      KubernetesRuntime runtime =
          new KubernetesRuntime(
              client,
              Controllers.standard(Environment.system()),
              Clock.systemUTC(),
              settings,
              services.runtime());
      AtomicBoolean started = new AtomicBoolean();
      ServedResources served = runtime.served(GateSettings.from(Environment.system()));
      MetricsFeed metrics =
          MetricsFeed.overState(services.metrics(), served, state, Clock.systemUTC());
      StatusPage page = new StatusPage(served, Clock.systemUTC(), "kubernetes", System.getenv());
      Optional<HttpEndpoints> endpoints =
          http.start(metrics::scrape, () -> true, started::get, page::render);
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
      return UntilSignalled.serve(
          "kubernetes runtime",
          () -> {
            started.set(false);
            runtime.close(); // cancels running jobs through the services
            services.close();
            endpoints.ifPresent(HttpEndpoints::close);
          });
    }
  }
}
