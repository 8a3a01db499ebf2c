package dev.bulwark.engine.catalog;

import dev.bulwark.engine.format.CatalogEntry;
import dev.bulwark.engine.format.Manifest;

/**
 * A listed snapshot as stored: its catalog entry (the bytes and their parse) and its manifest,
 * whose SHA-256 matched the entry's {@code manifest_sha256}. Verify checks the entry's other fields
 * against the manifest.
 */
public record CommittedSnapshot(
    SnapshotSummary summary,
    byte[] catalogEntryBytes,
    CatalogEntry catalogEntry,
    Manifest manifest) {}
