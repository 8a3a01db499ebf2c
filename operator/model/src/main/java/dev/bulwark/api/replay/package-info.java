/**
 * ReplayPlan: recompute derived data from raw inputs with a new analyzer version, partition by
 * partition, into a versioned output root, with plan records, evidence and old/new comparisons.
 */
package dev.bulwark.api.replay;
