package dev.bulwark.kubernetes;

import dev.bulwark.api.crd.CustomResources;
import dev.bulwark.core.gate.GateSettings;
import dev.bulwark.core.overview.ServedResources;
import dev.bulwark.core.reconcile.Controller;
import dev.bulwark.core.reconcile.RunNow;
import dev.bulwark.core.reconcile.RuntimeServices;
import dev.bulwark.kubernetes.KubernetesRuntimeSettings.LeaderElection;
import dev.bulwark.kubernetes.reconcile.EventRecorder;
import dev.bulwark.kubernetes.reconcile.KindReconcilers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bulwark operator}: java-operator-sdk serving the core controllers on a cluster, one
 * reconciler per kind. The client stays the caller's: closing the runtime stops the operator but
 * not the client.
 *
 * <p>Server-side apply is off for status patches: it needs field-manager bookkeeping the core does
 * not use, and fabric8's mock server (the tests' API server) answers SSA patches with 415.
 *
 * <p>With leader election, JOSDK first checks with a SelfSubjectRulesReview that it may get, create
 * and update Leases in the lease namespace, and fails {@link #start()} otherwise. Losing the lease
 * exits the JVM (unless {@link LeaderElection#exitOnLostLeadership()} is false) so that two
 * replicas never reconcile at once; stopping in {@link #close()} does not, and releases the Lease
 * ({@link LeaseRelease}) so that a standby takes over at once. JOSDK's own exit is turned off for
 * this reason: it would also fire on a deliberate close, from a SIGTERM hook.
 */
public final class KubernetesRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesRuntime.class);

  private final KubernetesClient client;
  private final KubernetesRuntimeSettings settings;
  private final Operator operator;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();
  private final RuntimeServices services;
  private final Clock clock;
  // JOSDK's own choice ($HOSTNAME, the pod's name, else a UUID), made here so that close() knows
  // it.
  private final String identity = identity(System.getenv("HOSTNAME"));
  private final List<RegisteredController<?>> registered = new ArrayList<>();

  /**
   * Registers a reconciler for each controller; nothing runs until {@link #start()}.
   *
   * @param client the cluster connection, left open by {@link #close()}
   * @param controllers the core controllers, one per kind (e.g. {@code Controllers.standard(env)})
   * @param clock the time reconciles and Events see
   * @param settings watched namespaces and leader election
   * @throws IllegalArgumentException when a controller's kind has no reconciler here
   */
  public KubernetesRuntime(
      KubernetesClient client,
      List<Controller<?, ?>> controllers,
      Clock clock,
      KubernetesRuntimeSettings settings) {
    this(client, controllers, clock, settings, RuntimeServices.none());
  }

  /**
   * Like {@link #KubernetesRuntime(KubernetesClient, List, Clock, KubernetesRuntimeSettings)}, also
   * carrying out jobs, alerts and audit lines through {@code services}; {@link #close()} cancels
   * running jobs.
   */
  public KubernetesRuntime(
      KubernetesClient client,
      List<Controller<?, ?>> controllers,
      Clock clock,
      KubernetesRuntimeSettings settings,
      RuntimeServices services) {
    this.services = Objects.requireNonNull(services, "services");
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.operator = new Operator(this::configure);
    EventRecorder events = new EventRecorder(client, clock);
    for (Controller<?, ?> controller : controllers) {
      register(
          KindReconcilers.forController(controller, clock, events, services)
              .compressingTime(settings.timeCompression()));
    }
  }

  /**
   * Starts the informers and reconciling (under leader election: once this replica leads).
   *
   * @throws ClusterUnreachableException when no API server answers, or it refuses the credentials
   * @throws io.javaoperatorsdk.operator.OperatorException when an informer cannot start (on a real
   *     API server: a CRD is not installed, or RBAC forbids watching) or the Lease may not be
   *     written
   */
  public void start() {
    LOG.info(
        "Starting the Kubernetes runtime: {} kinds, namespaces {}, leader election {}",
        operator.getRegisteredControllersNumber(),
        settings.watchesAllNamespaces() ? "all" : settings.namespaces(),
        settings.leaderElection().map(LeaderElection::leaseName).orElse("off"));
    ApiServerProbe.check(client);
    operator.start();
    started.set(true);
  }

  /**
   * Stops reconciling and the informers, then releases the Lease if this replica holds it; the
   * client stays open. Safe to call more than once.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      services.close(); // cancels running jobs, which record it, before reconciling stops
      operator.stop(); // the elector has stopped renewing when this returns
      if (started.get()) {
        settings
            .leaderElection()
            .ifPresent(
                election ->
                    LeaseRelease.release(
                        client, leaseNamespace(election), election.leaseName(), identity, clock));
      }
    }
  }

  /** The identity this replica holds the Lease under. */
  String identity() {
    return identity;
  }

  static String identity(String hostname) {
    return hostname == null || hostname.isBlank() ? UUID.randomUUID().toString() : hostname;
  }

  private String leaseNamespace(LeaderElection election) {
    return election.leaseNamespace().orElseGet(client::getNamespace);
  }

  private void configure(ConfigurationServiceOverrider overrider) {
    overrider
        .withKubernetesClient(client)
        .withCloseClientOnStop(false)
        .withUseSSAToPatchPrimaryResource(false);
    settings
        .leaderElection()
        .map(this::leaderElectionConfiguration)
        .ifPresent(overrider::withLeaderElectionConfiguration);
  }

  private LeaderElectionConfiguration leaderElectionConfiguration(LeaderElection election) {
    LeaderElectionConfigurationBuilder builder =
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(election.leaseName())
            .withIdentity(identity)
            .withExitOnStopLeading(false)
            .withLeaderCallbacks(
                new LeaderCallbacks(
                    () -> LOG.info("Leading: reconciling starts"),
                    () -> stoppedLeading(election),
                    leader -> {}));
    election.leaseNamespace().ifPresent(builder::withLeaseNamespace);
    return builder.build();
  }

  private void stoppedLeading(LeaderElection election) {
    if (closed.get()) {
      LOG.info("Stopped leading: closing");
    } else if (election.exitOnLostLeadership()) {
      LOG.error(
          "Lost the {} lease: exiting so that only the new leader reconciles",
          election.leaseName());
      System.exit(1);
    } else {
      LOG.warn("Lost the {} lease; not exiting, as configured", election.leaseName());
    }
  }

  private <R extends HasMetadata> void register(Reconciler<R> reconciler) {
    registered.add(operator.register(reconciler, this::watchNamespaces));
  }

  /**
   * What this runtime serves, read from the operator's caches, with one release gate per namespace
   * evaluated with {@code gateSettings}: for the status page and the metrics.
   */
  public ServedResources served(GateSettings gateSettings) {
    return new CachedResources(registered, gateSettings);
  }

  private <R extends HasMetadata> void watchNamespaces(
      ControllerConfigurationOverrider<R> configuration) {
    // Generation-aware filtering would drop annotation-only updates; this filter keeps new
    // generations, deletions and new bulwark.dev/run-now values, and still skips status-only
    // updates.
    configuration
        .withGenerationAware(false)
        .withOnUpdateFilter(
            (updated, previous) ->
                RunNow.worthReconciling(
                    CustomResources.toPlain(updated),
                    CustomResources.toPlain(previous),
                    updated.isMarkedForDeletion()));
    if (settings.watchesAllNamespaces()) {
      configuration.watchingAllNamespaces();
    } else {
      configuration.settingNamespaces(settings.namespaces());
    }
  }
}
