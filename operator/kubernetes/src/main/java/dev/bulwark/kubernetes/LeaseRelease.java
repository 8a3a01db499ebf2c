package dev.bulwark.kubernetes;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.ZonedDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives up a leader-election Lease on a clean stop, as client-go's {@code ReleaseOnCancel} does: no
 * holder, a one-second duration, so that a standby takes over at its next retry (about 2 s) instead
 * of waiting for the Lease to expire (15 s). java-operator-sdk 5.2.3 builds fabric8's elector with
 * {@code releaseOnCancel} off and does not expose it, hence this.
 *
 * <p>Only the holder releases, with an update that carries the resourceVersion it read: if another
 * replica took the Lease meanwhile, the API server answers 409 and nothing changes.
 */
final class LeaseRelease {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseRelease.class);

  private LeaseRelease() {}

  /**
   * Releases the Lease if {@code identity} holds it; returns whether it did. Never throws: a
   * release that fails leaves the Lease to expire, as before.
   */
  static boolean release(
      KubernetesClient client, String namespace, String name, String identity, Clock clock) {
    try {
      Lease lease = client.leases().inNamespace(namespace).withName(name).get();
      if (lease == null
          || lease.getSpec() == null
          || !identity.equals(lease.getSpec().getHolderIdentity())) {
        return false;
      }
      ZonedDateTime now = ZonedDateTime.now(clock);
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setAcquireTime(now);
      lease.getSpec().setRenewTime(now);
      client.leases().inNamespace(namespace).resource(lease).update();
      LOG.info("Released the {}/{} lease", namespace, name);
      return true;
    } catch (KubernetesClientException e) {
      LOG.warn(
          "Could not release the {}/{} lease ({}); the standby takes over when it expires",
          namespace,
          name,
          e.getCode() == 409 ? "another replica changed it" : e.getMessage());
      return false;
    }
  }
}
