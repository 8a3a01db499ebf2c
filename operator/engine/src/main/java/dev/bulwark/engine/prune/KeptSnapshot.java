package dev.bulwark.engine.prune;

import dev.bulwark.engine.catalog.SnapshotSummary;

/**
 * A snapshot a prune kept, and why.
 *
 * @param snapshot the snapshot
 * @param reason the rule that kept it
 * @param detail the reason in words, e.g. which retained incremental depends on it
 */
public record KeptSnapshot(SnapshotSummary snapshot, KeepReason reason, String detail) {}
