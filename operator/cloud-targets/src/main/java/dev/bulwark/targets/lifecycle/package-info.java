/**
 * Hot/cold tiers (R11): objects are written with the tags {@code tier=hot} and {@code
 * expire_after_days}; a {@link dev.bulwark.targets.lifecycle.BucketLifecycle} reconciles a policy's
 * {@link dev.bulwark.targets.lifecycle.TierRules} on the bucket so that its objects move to a cold
 * storage class after {@code hotDays} and expire after their own {@code expire_after_days}, leaving
 * every rule the policy does not own untouched; {@link dev.bulwark.targets.lifecycle.HotTierCheck}
 * reports objects past the hot window that are still in the hot storage class ("lifecycle not in
 * effect", R22). The local target has no lifecycle: the operator prunes it itself.
 */
package dev.bulwark.targets.lifecycle;
