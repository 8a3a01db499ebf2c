package dev.bulwark.kubernetes.testing;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Job and TTL controllers of {@code kube-controller-manager} for {@code batch/v1} Jobs of one
 * pod ({@code completions} and {@code parallelism} 1, as Bulwark's are): creates the pod (named
 * {@code <job>-<5 chars>}, labelled and owned by the Job), counts its end, replaces a failed pod
 * after an exponential backoff until {@code backoffLimit} failures are exceeded, fails the Job when
 * {@code activeDeadlineSeconds} pass, deletes active pods of a suspended Job, and writes the status
 * the Job controller writes: {@code startTime}, {@code active}, {@code ready}, {@code succeeded},
 * {@code failed}, {@code completionTime} and the conditions SuccessCriteriaMet and Complete, or
 * FailureTarget and Failed (reason BackoffLimitExceeded or DeadlineExceeded), or Suspended. A
 * finished Job with {@code ttlSecondsAfterFinished} is deleted that long after it finished, in the
 * background (its pods go with it). A pod deleted while it ran counts as failed.
 */
final class JobController {
  private static final String COMPONENT = "job-controller";
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(6);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KubernetesClient cluster;
  private final KubeletEvents events;
  private final Duration backoff;
  private final Map<String, Tracking> tracked = new HashMap<>();

  /**
   * What the controller remembers of one Job between passes (the pods it counted, when to retry).
   */
  private static final class Tracking {
    final Set<String> counted = new HashSet<>();
    final Set<String> active = new HashSet<>();
    final Set<String> removedByController = new HashSet<>();
    int succeeded;
    int failed;
    Instant nextPodAt = Instant.MIN;
  }

  JobController(KubernetesClient cluster, KubeletEvents events, Duration backoff) {
    this.cluster = cluster;
    this.events = events;
    this.backoff = backoff;
  }

  /** One pass over every Job, given every pod of the cluster. */
  void sync(List<Job> jobs, List<Pod> pods) {
    Set<String> present = new HashSet<>();
    for (Job job : jobs) {
      present.add(job.getMetadata().getUid());
      sync(job, pods);
    }
    tracked.keySet().retainAll(present);
  }

  private void sync(Job job, List<Pod> pods) {
    Instant now = Instant.now();
    if (finished(job)) {
      expire(job, now);
      return;
    }
    Tracking t = tracked.computeIfAbsent(job.getMetadata().getUid(), uid -> new Tracking());
    List<Pod> owned = pods.stream().filter(p -> ownedBy(p, job)).toList();
    Set<String> ownedUids = new HashSet<>();
    List<Pod> active = new ArrayList<>();
    int ready = 0;
    for (Pod pod : owned) {
      String uid = pod.getMetadata().getUid();
      ownedUids.add(uid);
      String phase =
          pod.getStatus() == null
              ? "Pending"
              : Objects.toString(pod.getStatus().getPhase(), "Pending");
      if (phase.equals("Succeeded") || phase.equals("Failed")) {
        if (t.counted.add(uid)) {
          if (phase.equals("Succeeded")) {
            t.succeeded++;
          } else {
            t.failed++;
            t.nextPodAt = now.plus(backoffAfter(t.failed));
          }
        }
      } else {
        active.add(pod);
        if (isReady(pod)) {
          ready++;
        }
      }
    }
    for (String uid : t.active) {
      if (!ownedUids.contains(uid)
          && !t.counted.contains(uid)
          && !t.removedByController.contains(uid)) {
        t.counted.add(uid); // deleted while it ran: a failure, as the Job controller counts it
        t.failed++;
        t.nextPodAt = now.plus(backoffAfter(t.failed));
      }
    }
    t.active.clear();
    active.forEach(p -> t.active.add(p.getMetadata().getUid()));

    JobStatusBuilder status =
        new JobStatusBuilder(job.getStatus() == null ? new JobStatus() : job.getStatus());
    List<JobCondition> conditions =
        new ArrayList<>(
            job.getStatus() == null || job.getStatus().getConditions() == null
                ? List.of()
                : job.getStatus().getConditions());
    if (Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      removeAll(active, t);
      setCondition(conditions, "Suspended", "True", "JobSuspended", "Job suspended", now);
      write(job, status.withActive(0).withReady(0).withConditions(conditions).build());
      return;
    }
    setCondition(conditions, "Suspended", "False", "JobResumed", "Job resumed", now);
    if (status.getStartTime() == null) {
      status.withStartTime(now.toString());
    }
    Instant started = Instant.parse(status.getStartTime());
    Long deadline = job.getSpec().getActiveDeadlineSeconds();
    int completions = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
    int backoffLimit =
        job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
    if (deadline != null && !now.isBefore(started.plusSeconds(deadline))) {
      removeAll(active, t);
      fail(
          job,
          status,
          conditions,
          t,
          "DeadlineExceeded",
          "Job was active longer than specified deadline",
          now);
    } else if (t.succeeded >= completions) {
      setCondition(
          conditions,
          "SuccessCriteriaMet",
          "True",
          "CompletionsReached",
          "Reached expected number of succeeded pods",
          now);
      setCondition(
          conditions,
          "Complete",
          "True",
          "CompletionsReached",
          "Reached expected number of succeeded pods",
          now);
      events.normal(job, COMPONENT, "Completed", "Job completed");
      write(
          job,
          status
              .withActive(0)
              .withReady(0)
              .withSucceeded(t.succeeded)
              .withFailed(t.failed)
              .withCompletionTime(now.toString())
              .withConditions(conditions)
              .build());
    } else if (t.failed > backoffLimit) {
      removeAll(active, t);
      fail(
          job,
          status,
          conditions,
          t,
          "BackoffLimitExceeded",
          "Job has reached the specified backoff limit",
          now);
    } else {
      if (active.isEmpty() && !now.isBefore(t.nextPodAt)) {
        Pod pod = createPod(job);
        if (pod != null) {
          t.active.add(pod.getMetadata().getUid());
          active.add(pod);
        }
      }
      write(
          job,
          status
              .withActive(active.size())
              .withReady(ready)
              .withSucceeded(t.succeeded)
              .withFailed(t.failed)
              .withConditions(conditions)
              .build());
    }
  }

  private void fail(
      Job job,
      JobStatusBuilder status,
      List<JobCondition> conditions,
      Tracking t,
      String reason,
      String message,
      Instant now) {
    setCondition(conditions, "FailureTarget", "True", reason, message, now);
    setCondition(conditions, "Failed", "True", reason, message, now);
    events.warning(job, COMPONENT, reason, message);
    write(
        job,
        status
            .withActive(0)
            .withReady(0)
            .withSucceeded(t.succeeded)
            .withFailed(t.failed)
            .withConditions(conditions)
            .build());
  }

  private void expire(Job job, Instant now) {
    Integer ttl = job.getSpec().getTtlSecondsAfterFinished();
    if (ttl == null) {
      return;
    }
    Instant finishedAt =
        job.getStatus().getConditions().stream()
            .filter(
                c ->
                    (c.getType().equals("Complete") || c.getType().equals("Failed"))
                        && "True".equals(c.getStatus()))
            .map(c -> Instant.parse(c.getLastTransitionTime()))
            .findFirst()
            .orElse(now);
    if (!now.isBefore(finishedAt.plusSeconds(ttl))) {
      cluster
          .batch()
          .v1()
          .jobs()
          .inNamespace(job.getMetadata().getNamespace())
          .withName(job.getMetadata().getName())
          .withPropagationPolicy(DeletionPropagation.BACKGROUND)
          .delete();
    }
  }

  private Pod createPod(Job job) {
    String uid = job.getMetadata().getUid();
    String name = job.getMetadata().getName() + "-" + suffix();
    Map<String, String> labels = new LinkedHashMap<>();
    if (job.getSpec().getTemplate().getMetadata() != null
        && job.getSpec().getTemplate().getMetadata().getLabels() != null) {
      labels.putAll(job.getSpec().getTemplate().getMetadata().getLabels());
    }
    labels.put(JobAdmission.CONTROLLER_UID, uid);
    labels.put("controller-uid", uid);
    labels.put(JobAdmission.JOB_NAME, job.getMetadata().getName());
    labels.put("job-name", job.getMetadata().getName());
    ObjectMetaBuilder metadata =
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(job.getMetadata().getNamespace())
            .withLabels(labels)
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion("batch/v1")
                    .withKind("Job")
                    .withName(job.getMetadata().getName())
                    .withUid(uid)
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build());
    if (job.getSpec().getTemplate().getMetadata() != null) {
      metadata.withAnnotations(job.getSpec().getTemplate().getMetadata().getAnnotations());
    }
    Pod pod =
        new PodBuilder()
            .withMetadata(metadata.build())
            .withSpec(job.getSpec().getTemplate().getSpec())
            .withNewStatus()
            .withPhase("Pending")
            .endStatus()
            .build();
    try {
      Pod created =
          cluster.pods().inNamespace(job.getMetadata().getNamespace()).resource(pod).create();
      events.normal(job, COMPONENT, "SuccessfulCreate", "Created pod: " + name);
      return created;
    } catch (KubernetesClientException e) {
      events.warning(job, COMPONENT, "FailedCreate", "Error creating: " + e.getMessage());
      return null;
    }
  }

  private void removeAll(List<Pod> active, Tracking t) {
    for (Pod pod : active) {
      t.removedByController.add(pod.getMetadata().getUid());
      cluster
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .delete();
    }
  }

  private void write(Job job, JobStatus status) {
    if (Objects.equals(status, job.getStatus())) {
      return;
    }
    try {
      cluster
          .batch()
          .v1()
          .jobs()
          .inNamespace(job.getMetadata().getNamespace())
          .withName(job.getMetadata().getName())
          .editStatus(
              j -> {
                j.setStatus(status);
                return j;
              });
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private Duration backoffAfter(int failures) {
    Duration d = backoff.multipliedBy(1L << Math.min(failures - 1, 16));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  static boolean finished(Job job) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    (c.getType().equals("Complete") || c.getType().equals("Failed"))
                        && "True".equals(c.getStatus()));
  }

  private static boolean ownedBy(Pod pod, Job job) {
    return pod.getMetadata().getOwnerReferences() != null
        && pod.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> job.getMetadata().getUid().equals(o.getUid()));
  }

  private static boolean isReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && "True".equals(c.getStatus()));
  }

  private static void setCondition(
      List<JobCondition> conditions,
      String type,
      String status,
      String reason,
      String message,
      Instant now) {
    for (int i = 0; i < conditions.size(); i++) {
      JobCondition c = conditions.get(i);
      if (c.getType().equals(type)) {
        if (!status.equals(c.getStatus())) {
          conditions.set(i, condition(type, status, reason, message, now));
        }
        return;
      }
    }
    if (!type.equals("Suspended") || status.equals("True")) {
      conditions.add(condition(type, status, reason, message, now));
    }
  }

  private static JobCondition condition(
      String type, String status, String reason, String message, Instant now) {
    return new JobConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastProbeTime(now.toString())
        .withLastTransitionTime(now.toString())
        .build();
  }

  private static String suffix() {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return s.toString();
  }
}
