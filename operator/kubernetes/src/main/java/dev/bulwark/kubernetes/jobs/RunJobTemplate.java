package dev.bulwark.kubernetes.jobs;

import dev.bulwark.api.common.Resource;
import dev.bulwark.core.runs.RunKey;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code batch/v1} Job of one run: one pod, never restarted (a failed job is retried by the
 * controller, as a new job with its own id), that runs {@code bulwark execute <kind>} with the run
 * handed over in {@code BULWARK_RUN}, claims mounted read-only, scratch space in {@code emptyDir}s,
 * and its outcome written to its termination message. The Job is owned by its resource, so deleting
 * the resource deletes its Jobs.
 */
final class RunJobTemplate {
  /** The variable holding the hand-off. */
  static final String RUN_VARIABLE = "BULWARK_RUN";

  private static final String CONTAINER = "bulwark";
  private static final String API_VERSION = "bulwark.dev/v1alpha1";

  private RunJobTemplate() {}

  /**
   * The Job of run {@code runId} of {@code key}.
   *
   * @param owner the resource whose run it is (its uid makes the owner reference)
   * @param handoff the run as {@code bulwark execute} reads it
   * @param pod the policy as the pod sees it: claims, Secret variables
   * @param deadline how long the Job may run before Kubernetes stops it
   * @param node the node the pod must run on (beside a pod using a ReadWriteOnce claim)
   */
  static Job of(
      String kind,
      RunKey key,
      String runId,
      Resource<?, ?> owner,
      String handoff,
      PodPolicy pod,
      RunJobSettings settings,
      Duration deadline,
      Optional<String> node) {
    Map<String, String> labels = RunJobNames.labels(kind, key, runId);
    PodSpecBuilder spec =
        new PodSpecBuilder()
            .withRestartPolicy("Never")
            .withAutomountServiceAccountToken(false)
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withRunAsUser(settings.runAsUser())
            .withRunAsGroup(settings.runAsUser())
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .withContainers(container(kind, handoff, pod, settings))
            .addAllToVolumes(pod.volumes())
            .addToVolumes(
                new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    node.ifPresent(
        name ->
            spec.withNewAffinity()
                .withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .addNewMatchExpression()
                .withKey("kubernetes.io/hostname")
                .withOperator("In")
                .withValues(name)
                .endMatchExpression()
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .endAffinity());
    return new JobBuilder()
        .withNewMetadata()
        .withName(RunJobNames.jobName(kind, key, runId))
        .withNamespace(key.namespace().orElseThrow())
        .withLabels(labels)
        .addToAnnotations(RunJobNames.OWNER_ANNOTATION, key.owner())
        .withOwnerReferences(ownerReference(owner))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withTtlSecondsAfterFinished(settings.ttlSeconds())
        .withActiveDeadlineSeconds(Math.max(60, deadline.toSeconds()))
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withSpec(spec.build())
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Container container(
      String kind, String handoff, PodPolicy pod, RunJobSettings settings) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar(RUN_VARIABLE, handoff, null));
    env.add(new EnvVar("BULWARK_STATE", "/scratch/state", null));
    settings.settings().forEach((name, value) -> env.add(new EnvVar(name, value, null)));
    env.addAll(pod.secretVariables());
    ContainerBuilder container =
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(settings.image())
            .withArgs("execute", kind)
            .withEnv(env)
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .endSecurityContext()
            .addAllToVolumeMounts(pod.mounts())
            .addToVolumeMounts(
                new VolumeMountBuilder().withName("scratch").withMountPath("/scratch").build(),
                new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
    pod.credentialsSecret()
        .ifPresent(
            secret ->
                container
                    .addNewEnvFrom()
                    .withNewSecretRef()
                    .withName(secret)
                    .endSecretRef()
                    .endEnvFrom());
    return container.build();
  }

  private static OwnerReference ownerReference(Resource<?, ?> owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(API_VERSION)
        .withKind(owner.getKind())
        .withName(owner.getRef().name())
        .withUid(owner.getRef().uid())
        .withController(true)
        .build();
  }
}
