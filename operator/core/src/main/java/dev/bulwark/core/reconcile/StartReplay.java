package dev.bulwark.core.reconcile;

/**
 * Run the reconciled ReplayPlan now, for spec generation {@code generation}: its spec.mode decides
 * between a dry-run (plan records only) and apply. Runtimes look up the plan's BackupPolicy when
 * the inputs come from a snapshot and hand the run to their replay executor, which ignores it while
 * a run of the plan is active.
 *
 * @param generation the spec generation the run is for; its record carries it back to the status
 */
public record StartReplay(long generation) implements Action {}
