/**
 * The per-policy, per-target {@link dev.bulwark.engine.lock.RepositoryLock}: owner, times and the
 * staleness rule that lets the next job break the lock of a dead one.
 */
package dev.bulwark.engine.lock;
