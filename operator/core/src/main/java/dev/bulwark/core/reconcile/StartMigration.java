package dev.bulwark.core.reconcile;

/**
 * Run the reconciled MigrationPlan now, for spec generation {@code generation} (its spec.mode
 * decides between apply and dry-run). Runtimes look up the plan's BackupPolicy and hand both to
 * their migration executor, which ignores it when a run of the plan is active.
 *
 * @param generation the spec generation the run is for; its record carries it back to the status
 */
public record StartMigration(long generation) implements Action {}
