/**
 * Backup jobs: records and history, the per-policy job lock, the runner that takes one snapshot of
 * a policy end to end (hooks, single target, engine, retention), and the executor runtimes use.
 */
package dev.bulwark.core.jobs;
