/**
 * From a BackupPolicy to the snapshot engine: which single target a job writes to, the repository
 * on it (env, encryption key, object tags) and the engine's sources. Runtime-agnostic; the targets
 * themselves are opened through {@link dev.bulwark.core.backup.TargetOpener}s the runtime supplies.
 */
package dev.bulwark.core.backup;
