package dev.bulwark.compose;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.core.validation.ResourceLookup;
import dev.bulwark.manifests.ResourceKind;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every resource the runtime knows (served, invalid or deleted), by key, and the lookup controllers
 * use to follow references: only served resources are found, with their current status.
 */
final class ResourceTable implements ResourceLookup {
  private final TreeMap<ResourceKey, TrackedResource> resources = new TreeMap<>();

  TrackedResource get(ResourceKey key) {
    return resources.get(key);
  }

  /** The resource of that key, created (untracked so far) when missing. */
  TrackedResource getOrCreate(ResourceKey key) {
    return resources.computeIfAbsent(key, TrackedResource::new);
  }

  /**
   * A fresh entry for a key whose previous life ended (deleted, then declared again); it remembers
   * the old status only to alert the recovery from Deleted.
   */
  TrackedResource replace(ResourceKey key) {
    TrackedResource fresh = new TrackedResource(key);
    TrackedResource old = resources.put(key, fresh);
    if (old != null) {
      fresh.previousLife = old.status;
      fresh.webhookUrl = old.webhookUrl;
    }
    return fresh;
  }

  /** All resources, BackupPolicies first, then by name. */
  Collection<TrackedResource> all() {
    return resources.values();
  }

  @Override
  public Optional<BackupPolicy> backupPolicy(String namespace, String name) {
    TrackedResource tracked = resources.get(new ResourceKey(ResourceKind.BACKUP_POLICY, name));
    if (tracked == null || tracked.deleted || !(tracked.served instanceof BackupPolicy policy)) {
      return Optional.empty();
    }
    BackupPolicy copy = ResourceCopies.copy(policy);
    copy.setStatus(ResourceCopies.copy((BackupPolicyStatus) tracked.status));
    return Optional.of(copy);
  }
}
