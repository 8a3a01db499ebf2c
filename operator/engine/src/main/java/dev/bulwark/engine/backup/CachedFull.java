package dev.bulwark.engine.backup;

import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.PackRef;
import java.util.List;

/**
 * A cycle's full snapshot as the parent cache keeps it: what change detection and the cumulative
 * delta need of its manifest, and how to recognise that manifest in the repository.
 *
 * @param jobId the full's job id
 * @param manifestSha256 hex SHA-256 of its manifest as committed
 * @param manifestSize bytes of its manifest
 * @param startedAt its {@code started_at}, verbatim (the cycle bound counts from it)
 * @param keyId the key id it was sealed with, or null when unencrypted
 * @param packs its {@code packs} table
 * @param files its {@code files}, in manifest order
 */
record CachedFull(
    String jobId,
    String manifestSha256,
    long manifestSize,
    String startedAt,
    String keyId,
    List<PackRef> packs,
    List<FileEntry> files) {

  CachedFull {
    packs = List.copyOf(packs);
    files = List.copyOf(files);
  }
}
