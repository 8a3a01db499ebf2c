/**
 * Restoring snapshots: {@link dev.bulwark.engine.restore.RestoreEngine} runs a {@link
 * dev.bulwark.engine.restore.RestoreRequest} (L1 paths, L2 point in time, L3 everything) and
 * returns a {@link dev.bulwark.engine.restore.RestoreResult}; {@link
 * dev.bulwark.engine.restore.PathGuard} judges archive paths and symlink targets.
 */
package dev.bulwark.engine.restore;
