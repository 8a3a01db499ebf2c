/**
 * Pruning (R11): {@link dev.bulwark.engine.prune.Pruner} removes the snapshots a {@link
 * dev.bulwark.engine.retention.RetentionPolicy} no longer keeps from a repository itself
 * (dependency-aware, crash-safe, journalled), after recovering what a dead backup left behind.
 */
package dev.bulwark.engine.prune;
