package dev.bulwark.kubernetes.jobs;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a Job that mounts claims can run, decided the way K8up does before the Job exists: every
 * claim must exist; a ReadWriteOnce claim that a running pod mounts is mountable only on that pod's
 * node, so the Job is scheduled beside it; a ReadWriteOncePod claim in use cannot be mounted at
 * all, and the run fails with the pod's name instead of a Job that would wait forever.
 */
final class ClaimPlacement {
  private final KubernetesClient client;

  ClaimPlacement(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The node the Job must run on, or empty when any will do.
   *
   * @throws PodSpecException when a claim is missing, in use as ReadWriteOncePod, or held on two
   *     nodes at once
   */
  Optional<String> nodeFor(String namespace, List<String> claims) throws PodSpecException {
    Set<String> nodes = new TreeSet<>();
    List<Pod> pods = null;
    for (String claimName : claims) {
      PersistentVolumeClaim claim = get(namespace, claimName);
      List<String> modes =
          claim.getSpec() == null || claim.getSpec().getAccessModes() == null
              ? List.of()
              : claim.getSpec().getAccessModes();
      boolean oncePod = modes.contains("ReadWriteOncePod");
      boolean once =
          modes.contains("ReadWriteOnce")
              && !modes.contains("ReadOnlyMany")
              && !modes.contains("ReadWriteMany");
      if (!oncePod && !once) {
        continue;
      }
      if (pods == null) {
        pods = pods(namespace);
      }
      for (Pod pod : pods) {
        if (!mounts(pod, claimName) || finished(pod)) {
          continue;
        }
        if (oncePod) {
          throw new PodSpecException(
              "PersistentVolumeClaim "
                  + namespace
                  + "/"
                  + claimName
                  + " is ReadWriteOncePod and pod "
                  + pod.getMetadata().getName()
                  + " mounts it; a backup Job cannot mount it while that pod runs");
        }
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (node != null && !node.isBlank()) {
          nodes.add(node);
        }
      }
    }
    if (nodes.size() > 1) {
      throw new PodSpecException(
          "the ReadWriteOnce claims "
              + claims
              + " are mounted on different nodes "
              + nodes
              + "; no single Job can mount them all: split the policy by node");
    }
    return nodes.stream().findFirst();
  }

  private PersistentVolumeClaim get(String namespace, String name) throws PodSpecException {
    PersistentVolumeClaim claim;
    try {
      claim = client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw new PodSpecException(
          "PersistentVolumeClaim "
              + namespace
              + "/"
              + name
              + " cannot be read (HTTP "
              + e.getCode()
              + (e.getCode() == 403
                  ? ": the operator's RBAC must allow get on persistentvolumeclaims"
                  : "")
              + ")");
    }
    if (claim == null) {
      throw new PodSpecException(
          "spec.sources: PersistentVolumeClaim " + namespace + "/" + name + " does not exist");
    }
    return claim;
  }

  private List<Pod> pods(String namespace) throws PodSpecException {
    try {
      return client.pods().inNamespace(namespace).list().getItems();
    } catch (KubernetesClientException e) {
      throw new PodSpecException(
          "the pods of namespace "
              + namespace
              + " cannot be listed to place a Job beside its claims (HTTP "
              + e.getCode()
              + ")");
    }
  }

  private static boolean mounts(Pod pod, String claim) {
    List<Volume> volumes = pod.getSpec() == null ? null : pod.getSpec().getVolumes();
    return volumes != null
        && volumes.stream()
            .anyMatch(
                v ->
                    v.getPersistentVolumeClaim() != null
                        && claim.equals(v.getPersistentVolumeClaim().getClaimName()));
  }

  private static boolean finished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }
}
