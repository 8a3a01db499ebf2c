package dev.bulwark.core.reconcile;

/**
 * Verify the reconciled BackupPolicy's repository now. Runtimes hand it to their verify executor,
 * which ignores it when a verify of the policy is active.
 *
 * @param trigger {@code schedule} or {@code corrupt-snapshot}
 */
public record StartVerify(String trigger) implements Action {}
