/**
 * Replay and backfill of derived data (ReplayPlan, R21): per partition of a window, a plan record
 * first; on apply the analyzer runs on read-only inputs (live or restored from a snapshot), its
 * outputs pass checks in a temporary folder and are then published by an atomic rename into a
 * versioned root, with evidence, an optional old/new comparison and one audit line per run.
 */
package dev.bulwark.core.replay;
