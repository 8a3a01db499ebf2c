package dev.bulwark.api.backup;

import dev.bulwark.api.common.Resource;

/** What to back up, how often, where and how long. */
public final class BackupPolicy extends Resource<BackupPolicySpec, BackupPolicyStatus> {
  /** The kind as written in YAML. */
  public static final String KIND = "BackupPolicy";

  /** A BackupPolicy without name, spec or status yet. */
  public BackupPolicy() {
    super(KIND);
  }
}
