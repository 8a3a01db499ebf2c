package dev.bulwark.core.reconcile;

/**
 * Something a controller asks its runtime to do after writing the status. Runtimes must carry out
 * every action they know and log (never silently drop) any they do not.
 */
public sealed interface Action
    permits ConditionTransition,
        StartBackupJob,
        StartDrill,
        AppendAudit,
        StartMigration,
        StartReplay,
        StartVerify {}
