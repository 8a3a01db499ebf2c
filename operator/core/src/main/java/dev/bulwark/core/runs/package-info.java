/**
 * One machinery for every kind of run (backup jobs, periodic verifies, drills, migrations,
 * replays): a record envelope ({@link dev.bulwark.core.runs.RunRecord}, {@link
 * dev.bulwark.core.runs.RunPhase}), a record store ({@link dev.bulwark.core.runs.RunStore}), a
 * read-only ledger ({@link dev.bulwark.core.runs.RunLedger}), the run lock across processes ({@link
 * dev.bulwark.core.runs.RunLock}), and the executor port ({@link
 * dev.bulwark.core.runs.RunExecutor}) with its in-process implementation ({@link
 * dev.bulwark.core.runs.InProcessRunExecutor}). Controllers read ledgers and return actions; a
 * runtime starts runs through the port and recovers abandoned runs by an explicit {@link
 * dev.bulwark.core.runs.RunExecutor#recoverAbandoned} call, never while reading.
 *
 * <p>A new kind of run touches nothing here. It takes, in its own package:
 *
 * <ol>
 *   <li>a record (a Jackson-mapped Java record with its own field names) implementing {@link
 *       dev.bulwark.core.runs.RunRecord}: {@code runId()}, {@code namespace()}, {@code owner()},
 *       {@code runPhase()}, {@code startedAt()}, {@code finishedAt()};
 *   <li>a {@link dev.bulwark.core.runs.RunStore} of that record with the directory of each owner
 *       (one line: {@code new RunStore<>(MyRecord.class, "my record", key -> ...)});
 *   <li>a {@link dev.bulwark.core.runs.RunKind}: {@code prepare} (record it as pending if wanted,
 *       return the work), {@code ledger()} (the store's), and {@code recover} (under {@link
 *       dev.bulwark.core.runs.RunLock}, end unfinished records the kind's way);
 *   <li>its audit line, through {@link dev.bulwark.core.audit.AuditLog} as the other kinds do;
 *   <li>and outside the core's run machinery: an executor {@code new InProcessRunExecutor<>(kind,
 *       threads, wait)} in the wiring, a field and a start action in {@code RuntimeServices}, and a
 *       controller reading the kind's ledger.
 * </ol>
 */
package dev.bulwark.core.runs;
