/**
 * Retention (R11): how long snapshots and their objects live. {@link
 * dev.bulwark.engine.retention.RetentionPolicy} says which snapshots to keep (the {@link
 * dev.bulwark.engine.prune.Pruner} removes the others); {@link
 * dev.bulwark.engine.retention.ObjectExpiry} chooses the {@code expire_after_days} tag of every
 * object written so that bucket lifecycle rules never remove an object a retained snapshot needs;
 * {@link dev.bulwark.engine.retention.CycleBound} bounds how long a cycle may grow, which that
 * choice relies on.
 */
package dev.bulwark.engine.retention;
