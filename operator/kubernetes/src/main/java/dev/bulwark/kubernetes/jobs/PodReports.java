package dev.bulwark.kubernetes.jobs;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Job's pod reported: the termination message of its container, which Kubernetes copies from
 * {@code /dev/termination-log} (at most 4096 bytes) into the pod's status, or the tail of its log
 * when it wrote none ({@code FallbackToLogsOnError}).
 */
final class PodReports {
  private static final Logger LOG = LoggerFactory.getLogger(PodReports.class);

  private PodReports() {}

  /** The newest pod's message, if one of the Job's pods terminated with one. */
  static Optional<String> terminationMessage(KubernetesClient client, Job job) {
    List<Pod> pods;
    try {
      pods =
          client
              .pods()
              .inNamespace(job.getMetadata().getNamespace())
              .withLabel("job-name", job.getMetadata().getName())
              .list()
              .getItems();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "cannot list the pods of Job {}/{} (HTTP {}): its report is lost",
          job.getMetadata().getNamespace(),
          job.getMetadata().getName(),
          e.getCode());
      return Optional.empty();
    }
    return pods.stream()
        .sorted(
            Comparator.comparing(
                    (Pod p) ->
                        p.getMetadata().getCreationTimestamp() == null
                            ? ""
                            : p.getMetadata().getCreationTimestamp())
                .reversed())
        .map(PodReports::message)
        .flatMap(Optional::stream)
        .findFirst();
  }

  private static Optional<String> message(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
      ContainerStateTerminated terminated =
          status.getState() == null ? null : status.getState().getTerminated();
      if (terminated == null && status.getLastState() != null) {
        terminated = status.getLastState().getTerminated();
      }
      if (terminated != null
          && terminated.getMessage() != null
          && !terminated.getMessage().isBlank()) {
        return Optional.of(terminated.getMessage());
      }
    }
    return Optional.empty();
  }
}
