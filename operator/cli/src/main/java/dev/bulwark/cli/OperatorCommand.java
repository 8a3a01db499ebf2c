package dev.bulwark.cli;

import dev.bulwark.core.Environment;
import dev.bulwark.core.reconcile.Controllers;
import dev.bulwark.kubernetes.KubernetesRuntime;
import dev.bulwark.kubernetes.KubernetesRuntimeSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bulwark operator}: the same controllers on a Kubernetes cluster, via java-operator-sdk. */
@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description = {
      "Run as a Kubernetes operator: reconcile BackupPolicy, RestoreDrill and MigrationPlan resources",
      "(CRDs in crd-schemas/). Uses the in-cluster service account or ~/.kube/config.",
      "Namespaces to watch: $BULWARK_NAMESPACES (comma separated; default all)."
    })
final class OperatorCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    KubernetesClient client = new KubernetesClientBuilder().build();
    KubernetesRuntime runtime =
        new KubernetesRuntime(
            client,
            Controllers.standard(Environment.system()),
            Clock.systemUTC(),
            KubernetesRuntimeSettings.fromEnvironment(System.getenv()));
    runtime.start();
    int exit = UntilSignalled.serve("kubernetes runtime", runtime);
    client.close();
    return exit;
  }
}
