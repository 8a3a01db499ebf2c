/**
 * Hot/cold tiers (R11): objects are written with the tag {@code tier=hot}; a {@link
 * dev.bulwark.targets.lifecycle.BucketLifecycle} reconciles the bucket's lifecycle rules so that
 * tagged objects move to a cold storage class after {@code hotDays} and expire after {@code
 * coldDays}, leaving every rule the operator does not own untouched; {@link
 * dev.bulwark.targets.lifecycle.HotTierCheck} reports objects past the hot window that are still in
 * the hot storage class ("lifecycle not in effect", R22). The local target has no lifecycle: the
 * operator prunes it itself.
 */
package dev.bulwark.targets.lifecycle;
