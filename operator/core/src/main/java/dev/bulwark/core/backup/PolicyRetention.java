package dev.bulwark.core.backup;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.Retention;
import dev.bulwark.core.Environment;
import dev.bulwark.engine.retention.RetentionPolicy;

/**
 * A policy's retention for the engine, with BACKUP_HOT_DAYS / BACKUP_COLD_DAYS for what it leaves
 * out.
 */
public final class PolicyRetention {
  private PolicyRetention() {}

  /**
   * The retention of {@code policy}: spec.retention, else the environment's defaults; keepLast 0
   * when unset.
   */
  public static RetentionPolicy of(BackupPolicy policy, Environment environment) {
    Retention retention = policy.getSpec().getRetention();
    int hotDays =
        retention != null && retention.getHotDays() != null
            ? retention.getHotDays()
            : environment.hotDays();
    int coldDays =
        retention != null && retention.getColdDays() != null
            ? retention.getColdDays()
            : environment.coldDays();
    int keepLast =
        retention != null && retention.getKeepLast() != null ? retention.getKeepLast() : 0;
    return new RetentionPolicy(hotDays, coldDays, keepLast);
  }
}
