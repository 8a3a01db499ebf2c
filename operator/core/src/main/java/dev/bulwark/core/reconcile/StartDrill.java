package dev.bulwark.core.reconcile;

/**
 * Run the reconciled RestoreDrill now. Runtimes hand it, with the drill's policy, to their drill
 * executor, which ignores it when a run of the drill is active.
 *
 * @param trigger {@code schedule} or {@code manual}
 */
public record StartDrill(String trigger) implements Action {}
