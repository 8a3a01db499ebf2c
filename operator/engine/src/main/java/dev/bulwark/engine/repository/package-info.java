/**
 * A snapshot repository on a target: {@link dev.bulwark.engine.repository.Repository} reads and
 * writes its catalog, manifests and packs, and carries its settings (encryption key, object tags,
 * cycle bound, clock) to the backup, restore, verify and prune engines that work on it.
 */
package dev.bulwark.engine.repository;
