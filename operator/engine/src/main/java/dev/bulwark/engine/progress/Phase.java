package dev.bulwark.engine.progress;

/** The steps an engine operation goes through, in order, as reported to a listener. */
public enum Phase {
  /** Backup: taking the lock, cleaning a dead job's leftovers, loading the parent's index. */
  PREPARING,
  /** Backup: walking the sources while reading, hashing and packing changed files. */
  SCANNING,
  /** Backup: all packs are stored; the manifest is about to be written. */
  COMMITTING,
  /** Backup: the manifest is written (the snapshot exists); catalog and pointers follow. */
  PUBLISHING,
  /** Restore: resolving the snapshot and running the pre-checks. */
  PLANNING,
  /** Restore: reading packs and writing files. */
  RESTORING,
  /** Verify: checking manifests and that every object exists. */
  CHECKING,
  /** Verify: reading, decrypting, decompressing and hashing data. */
  READING_DATA,
  /** The operation finished (successfully or not; the call's result or exception says which). */
  DONE
}
