package dev.bulwark.kubernetes.jobs;

import dev.bulwark.core.handoff.HandoffException;
import dev.bulwark.core.runs.RunExecutor;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.runs.RunLedger;
import dev.bulwark.core.runs.RunRecord;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RunExecutor} that runs each run as a Kubernetes {@code batch/v1} Job in its owner's
 * namespace (K8up's model): the run is recorded here, handed to the Job's pod ({@link
 * RunJobTemplate}), and its end is read back from the pod's termination message when an informer on
 * the Jobs sees it finish. At most one Job per owner runs: a second submit is refused while one is
 * active.
 *
 * <p>Nothing is lost when the operator's pod is replaced: Jobs run on without it, and a new
 * operator, on its first look at an owner ({@link #recoverAbandoned}), finds the owner's Jobs by
 * their labels, records those that ended meanwhile, and adopts those still running (from the run
 * their hand-off carries, so even an empty state directory knows them). Closing stops watching and
 * leaves running Jobs alone for that reason; {@link #cancel} deletes one.
 *
 * @param <Q> what to run
 * @param <R> the kind's record
 */
public final class KubernetesJobExecutor<Q, R extends RunRecord> implements RunExecutor<Q, R> {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesJobExecutor.class);
  private static final long RESYNC_MILLIS = 60_000;

  private final KubernetesClient client;
  private final PodRunKind<Q, R> kind;
  private final RunJobSettings settings;
  private final ClaimPlacement placement;
  private final List<String> namespaces;
  private final List<SharedIndexInformer<Job>> informers = new ArrayList<>();
  private final Map<RunKey, Active<Q, R>> active = new ConcurrentHashMap<>();
  private final ExecutorService callbacks;
  private volatile boolean closed;

  /** A run whose Job exists and has not been recorded as ended. */
  private static final class Active<Q, R> {
    final String jobName;
    final Q request;
    final R record;
    final Runnable onFinished;
    volatile String cancelReason;

    Active(String jobName, Q request, R record, Runnable onFinished) {
      this.jobName = jobName;
      this.request = request;
      this.record = record;
      this.onFinished = onFinished;
    }
  }

  KubernetesJobExecutor(
      KubernetesClient client,
      PodRunKind<Q, R> kind,
      RunJobSettings settings,
      List<String> namespaces) {
    this.client = client;
    this.kind = kind;
    this.settings = settings;
    this.placement = new ClaimPlacement(client);
    this.callbacks =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "bulwark-" + kind.name() + "-jobs");
              thread.setDaemon(true);
              return thread;
            });
    this.namespaces = List.copyOf(namespaces);
  }

  /**
   * Starts the informers on first use, after the runtime found the API server: {@code inform()}
   * returns once the first list is in the cache, so the first {@link #recoverAbandoned} sees every
   * Job.
   */
  private synchronized List<SharedIndexInformer<Job>> informers() {
    if (informers.isEmpty() && !closed) {
      ResourceEventHandler<Job> handler = new JobEvents();
      Map<String, String> selector =
          Map.of(RunJobNames.MANAGED_BY, RunJobNames.OPERATOR, RunJobNames.RUN_KIND, kind.name());
      if (namespaces.isEmpty()) {
        informers.add(
            client
                .batch()
                .v1()
                .jobs()
                .inAnyNamespace()
                .withLabels(selector)
                .inform(handler, RESYNC_MILLIS));
      } else {
        for (String namespace : namespaces) {
          informers.add(
              client
                  .batch()
                  .v1()
                  .jobs()
                  .inNamespace(namespace)
                  .withLabels(selector)
                  .inform(handler, RESYNC_MILLIS));
        }
      }
    }
    return informers;
  }

  @Override
  public Optional<Started<R>> submit(RunKey key, Q request, Runnable onFinished) {
    if (closed || active.containsKey(key)) {
      return Optional.empty();
    }
    if (key.namespace().isEmpty()) {
      throw new IllegalArgumentException(key + ": a Job needs the owner's namespace");
    }
    String namespace = key.namespace().get();
    informers();
    R record = kind.prepare(key, request);
    String jobName = RunJobNames.jobName(kind.name(), key, record.runId());
    Job job;
    try {
      PodRunKind.PodRun run = kind.podRun(key, request, record);
      Optional<String> node = placement.nodeFor(namespace, run.pod().claims());
      job =
          RunJobTemplate.of(
              kind.name(),
              key,
              record.runId(),
              kind.owner(request),
              run.handoff(),
              run.pod(),
              settings,
              kind.deadline(request),
              node);
    } catch (PodSpecException e) {
      kind.lost(request, record, e.getMessage(), false);
      callbacks.execute(onFinished);
      return Optional.of(new Started<>(key, Optional.of(record)));
    }
    active.put(key, new Active<>(jobName, request, record, onFinished));
    try {
      client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
    } catch (KubernetesClientException e) {
      active.remove(key);
      kind.lost(
          request,
          record,
          "cannot create Job "
              + namespace
              + "/"
              + jobName
              + " (HTTP "
              + e.getCode()
              + (e.getCode() == 403 ? ": the operator's RBAC must allow create on jobs" : "")
              + ")",
          false);
      callbacks.execute(onFinished);
      return Optional.of(new Started<>(key, Optional.of(record)));
    }
    kind.started(request, record, jobName);
    LOG.info("{}: {} {} runs as Job {}/{}", key, kind.name(), record.runId(), namespace, jobName);
    return Optional.of(new Started<>(key, Optional.of(record)));
  }

  @Override
  public boolean isActive(RunKey key) {
    return active.containsKey(key);
  }

  /**
   * Reconciles the records of {@code key} with its Jobs: a Job that ended is recorded (once), a Job
   * still running is adopted, whatever the state directory holds. Unfinished records without a Job
   * are left to the in-process executor's recovery, which ends them as abandoned.
   */
  @Override
  public boolean recoverAbandoned(RunKey key) {
    boolean changed = false;
    for (Job job : jobsOf(key)) {
      String runId = job.getMetadata().getLabels().get(RunJobNames.RUN_ID);
      Active<Q, R> current = active.get(key);
      if (current != null && current.jobName.equals(job.getMetadata().getName())) {
        if (finished(job)) {
          changed |= end(key, current, job, true);
        }
        continue;
      }
      Optional<R> known =
          kind.ledger().recent(key, RunLedger.WINDOW).stream()
              .filter(r -> r.runId().equals(runId))
              .findFirst();
      if (known.isPresent() && known.get().finished()) {
        continue;
      }
      Optional<PodRunKind.Adopted<Q, R>> adopted = adopt(job);
      if (adopted.isEmpty()) {
        continue;
      }
      R record = known.orElse(adopted.get().record());
      if (known.isEmpty()) {
        kind.remember(record);
      }
      Active<Q, R> found =
          new Active<>(job.getMetadata().getName(), adopted.get().request(), record, () -> {});
      if (finished(job)) {
        changed |= end(key, found, job, false);
      } else if (active.putIfAbsent(key, found) == null) {
        LOG.info(
            "{}: adopted the running Job {} ({} {})",
            key,
            job.getMetadata().getName(),
            kind.name(),
            runId);
        changed = true;
      }
    }
    return changed;
  }

  /** Deletes the active Job of {@code key}; its run is recorded as canceled with {@code why}. */
  @Override
  public boolean cancel(RunKey key, String why) {
    Active<Q, R> current = active.get(key);
    if (current == null) {
      return false;
    }
    current.cancelReason = why;
    try {
      client
          .batch()
          .v1()
          .jobs()
          .inNamespace(key.namespace().orElseThrow())
          .withName(current.jobName)
          .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
          .delete();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "{}: cannot delete Job {} to cancel it (HTTP {})", key, current.jobName, e.getCode());
      return false;
    }
    if (active.remove(key, current)) {
      kind.lost(current.request, current.record, "canceled: " + why, true);
      callbacks.execute(current.onFinished);
    }
    return true;
  }

  /** Stops watching; running Jobs go on, and the next operator adopts them. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      informers.forEach(SharedIndexInformer::close);
    }
    callbacks.shutdown();
  }

  private List<Job> jobsOf(RunKey key) {
    String owner = RunJobNames.labelValue(key.owner());
    String ownerLabel = RunJobNames.ownerLabel(kind.name());
    return informers().stream()
        .flatMap(i -> i.getStore().list().stream())
        .filter(j -> Objects.equals(j.getMetadata().getNamespace(), key.namespace().orElse(null)))
        .filter(j -> owner.equals(j.getMetadata().getLabels().get(ownerLabel)))
        .filter(
            j ->
                key.owner()
                    .equals(
                        j.getMetadata().getAnnotations() == null
                            ? null
                            : j.getMetadata().getAnnotations().get(RunJobNames.OWNER_ANNOTATION)))
        .sorted(Comparator.comparing(j -> j.getMetadata().getLabels().get(RunJobNames.RUN_ID)))
        .toList();
  }

  private Optional<PodRunKind.Adopted<Q, R>> adopt(Job job) {
    String handoff =
        job.getSpec().getTemplate().getSpec().getContainers().stream()
            .flatMap(
                c -> c.getEnv() == null ? java.util.stream.Stream.empty() : c.getEnv().stream())
            .filter(e -> RunJobTemplate.RUN_VARIABLE.equals(e.getName()))
            .map(EnvVar::getValue)
            .findFirst()
            .orElse(null);
    if (handoff == null) {
      LOG.warn(
          "Job {} carries no {}; left alone",
          job.getMetadata().getName(),
          RunJobTemplate.RUN_VARIABLE);
      return Optional.empty();
    }
    try {
      return Optional.of(kind.adopt(handoff));
    } catch (HandoffException e) {
      LOG.warn(
          "Job {}: its hand-off is unreadable ({}); left alone",
          job.getMetadata().getName(),
          e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Records the end of {@code run}, once: of an active run, whoever removes it from the active runs
   * records it.
   */
  private boolean end(RunKey key, Active<Q, R> run, Job job, boolean wasActive) {
    if (wasActive && !active.remove(key, run)) {
      return false;
    }
    Optional<String> message = PodReports.terminationMessage(client, job);
    String outcome = finished(job) ? condition(job) : "deleted";
    if (message.isPresent()) {
      try {
        R ended = kind.ended(run.request, run.record, message.get());
        LOG.info(
            "{}: Job {} ended ({}); {} {} recorded",
            key,
            run.jobName,
            outcome,
            kind.name(),
            ended.runId());
        callbacks.execute(run.onFinished);
        return true;
      } catch (HandoffException e) {
        kind.lost(
            run.request,
            run.record,
            "Job "
                + run.jobName
                + " ended ("
                + outcome
                + ") and its pod said: "
                + oneLine(message.get()),
            false);
        callbacks.execute(run.onFinished);
        return true;
      }
    }
    kind.lost(
        run.request,
        run.record,
        "Job " + run.jobName + " ended (" + outcome + ") without a report from its pod",
        false);
    callbacks.execute(run.onFinished);
    return true;
  }

  private static String oneLine(String text) {
    String line = text.strip().replaceAll("\\s*\\n\\s*", " / ");
    return line.length() > 500 ? line.substring(0, 499) + "…" : line;
  }

  static boolean finished(Job job) {
    return conditionOf(job).isPresent();
  }

  private static Optional<JobCondition> conditionOf(Job job) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> "True".equals(c.getStatus()))
        .filter(c -> "Complete".equals(c.getType()) || "Failed".equals(c.getType()))
        .findFirst();
  }

  private static String condition(Job job) {
    JobCondition c = conditionOf(job).orElseThrow();
    return c.getType()
        + (c.getReason() == null ? "" : ": " + c.getReason())
        + (c.getMessage() == null ? "" : ", " + c.getMessage());
  }

  private Optional<RunKey> keyOf(Job job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    String owner = annotations == null ? null : annotations.get(RunJobNames.OWNER_ANNOTATION);
    return owner == null
        ? Optional.empty()
        : Optional.of(RunKey.of(job.getMetadata().getNamespace(), owner));
  }

  /** Turns the informer's view of Jobs into records: an active Job that ended or vanished. */
  private final class JobEvents implements ResourceEventHandler<Job> {
    @Override
    public void onAdd(Job job) {
      onUpdate(null, job);
    }

    @Override
    public void onUpdate(Job before, Job job) {
      if (!finished(job)) {
        return;
      }
      keyOf(job)
          .ifPresent(
              key -> {
                Active<Q, R> run = active.get(key);
                if (run != null && run.jobName.equals(job.getMetadata().getName())) {
                  end(key, run, job, true);
                }
              });
    }

    @Override
    public void onDelete(Job job, boolean finalStateUnknown) {
      keyOf(job)
          .ifPresent(
              key -> {
                Active<Q, R> run = active.get(key);
                if (run == null || !run.jobName.equals(job.getMetadata().getName())) {
                  return;
                }
                if (finished(job)) {
                  end(key, run, job, true);
                } else if (active.remove(key, run)) {
                  kind.lost(
                      run.request,
                      run.record,
                      run.cancelReason != null
                          ? "canceled: " + run.cancelReason
                          : "Job " + run.jobName + " was deleted before it ended",
                      true);
                  callbacks.execute(run.onFinished);
                }
              });
    }
  }
}
