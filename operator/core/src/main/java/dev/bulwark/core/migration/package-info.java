/**
 * Schema migrations (R19, R20): selecting versioned objects under a policy's sources, stepping them
 * one version at a time with declarative edits or commands, behind a pre-migration snapshot that
 * every failure rolls back to, with a journal for crashes and one audit line per run.
 */
package dev.bulwark.core.migration;
