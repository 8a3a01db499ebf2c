/**
 * Finding snapshots: the {@link dev.bulwark.engine.catalog.SnapshotCatalog} (list, by id, by point
 * in time) over catalog entries, and the merged {@link dev.bulwark.engine.catalog.SnapshotIndex} of
 * one snapshot.
 */
package dev.bulwark.engine.catalog;
