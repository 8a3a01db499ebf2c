package dev.bulwark.engine.prune;

/** Why a prune kept a snapshot. */
public enum KeepReason {
  /** It finished less than {@code coldDays} ago. */
  WITHIN_RETENTION,
  /** It is one of the {@code keepLast} newest snapshots. */
  KEEP_LAST,
  /** It is expired, but a retained incremental depends on it (it is that incremental's full). */
  DEPENDED_ON,
  /** It is expired, but its catalog entry cannot be read, so what it depends on is unknown. */
  UNREADABLE
}
