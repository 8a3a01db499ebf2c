package dev.bulwark.cli;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.audit.AuditEvent;
import dev.bulwark.core.backup.JobSetupException;
import dev.bulwark.core.backup.PolicyRepository;
import dev.bulwark.core.jobs.BackupJobRunner;
import dev.bulwark.core.jobs.JobControl;
import dev.bulwark.core.jobs.JobOrder;
import dev.bulwark.core.jobs.JobOutcome;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.format.SnapshotType;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bulwark backup}: take one snapshot of a policy now, as a recorded job, and print its job
 * id.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Take a snapshot of a policy's sources now and print its job id.",
      "The snapshot goes to exactly one target; its job_id is the last line of stdout. It is a job like",
      "the operator's: it waits for a running job of the policy, runs the policy's hooks, is recorded",
      "under <state>/jobs and in the audit trail (trigger manual or pre-upgrade, actor cli:<user>), and",
      "SIGTERM cancels it cleanly. A failing target fails the job; it switches to spec.fallbackTarget",
      "only when BACKUP_SINGLE_TARGET_ENFORCED=0, and says so.",
      "Exit 0 on success, 1 when the backup failed or was canceled, 2 on usage or setup errors."
    })
final class BackupCommand implements Callable<Integer> {
  /** How long SIGTERM waits for the canceled job to clean up and record itself. */
  private static final long CANCEL_WAIT_SECONDS = 30;

  @Mixin PolicyOptions options;

  @Option(
      names = "--snapshot-type",
      completionCandidates = Completions.SnapshotTypes.class,
      paramLabel = "full|incremental",
      defaultValue = "incremental",
      description = "incremental (default; the first of a cycle runs full) or full.")
  String snapshotType;

  @Option(
      names = "--pre-upgrade",
      description = "A full snapshot labelled pre-upgrade, for the upgrade flow's release ticket.")
  boolean preUpgrade;

  @Option(names = "--dry-run", description = "List what would be read and written; write nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    JobOrder order;
    BackupPolicy policy;
    try {
      SnapshotType type = parseType(snapshotType);
      policy = options.loadPolicy();
      order =
          preUpgrade
              ? JobOrder.preUpgrade(AuditEvent.cliActor(), options.targetOverride())
              : JobOrder.manual(type, AuditEvent.cliActor(), options.targetOverride());
      if (dryRun) {
        return dryRun(policy, order.type());
      }
    } catch (UsageException | JobSetupException e) {
      System.err.println("bulwark backup: " + e.getMessage());
      return 2;
    }
    BackupJobRunner runner =
        BackupJobRunner.builder(
                options.repositories(), Environment.system(), new StatePaths(options.state.state()))
            .toolVersion(BulwarkVersion.current())
            .build();
    JobRecord pending = runner.enqueue(policy, Optional.empty(), order);
    JobControl control = new JobControl();
    CountDownLatch ended = new CountDownLatch(1);
    Thread cancelOnSignal =
        new Thread(
            () -> {
              control.cancel("SIGTERM");
              try {
                ended.await(
                    CANCEL_WAIT_SECONDS, TimeUnit.SECONDS); // the JVM halts once the hooks return
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "bulwark-backup-cancel");
    Runtime.getRuntime().addShutdownHook(cancelOnSignal);
    TerminalProgress progress = TerminalProgress.forConsole(options.json);
    JobOutcome outcome;
    try {
      outcome = runner.run(policy, pending, order, progress, control);
    } finally {
      progress.finishLine();
      ended.countDown();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(cancelOnSignal);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it only waits for the latch counted down above
    }
    return print(outcome);
  }

  private int print(JobOutcome outcome) throws Exception {
    JobRecord record = outcome.record();
    if (options.json) {
      System.out.println(CliJson.write(record));
      return outcome.succeeded() ? 0 : 1;
    }
    outcome.warnings().forEach(w -> System.err.println("warning: " + w));
    if (!outcome.succeeded()) {
      System.err.println(
          "bulwark backup: job "
              + record.jobId()
              + " of BackupPolicy/"
              + record.policy()
              + " "
              + record.state().name().toLowerCase(Locale.ROOT)
              + ": "
              + record.error());
      return 1;
    }
    BackupResult result = outcome.result().orElseThrow();
    System.err.printf(
        "%s snapshot of %s on %s: %d files, %s (%s new, %s uploaded) in %.1f s%n",
        record.snapshotType(),
        record.policy(),
        record.target(),
        result.files(),
        Bytes.format(result.bytes()),
        Bytes.format(result.bytesRead()),
        Bytes.format(result.bytesUploaded()),
        result.duration().toMillis() / 1000.0);
    System.out.println(record.jobId());
    return 0;
  }

  /** A dry run reads the sources and the catalog only: no job, no lock, no record. */
  private int dryRun(BackupPolicy policy, SnapshotType type)
      throws UsageException, JobSetupException {
    PolicyRepository bound = options.openRepository(policy);
    BackupResult result;
    try {
      result =
          new BackupEngine(bound.repository())
              .backup(
                  BackupRequest.builder()
                      .sources(bound.sources())
                      .snapshotType(type)
                      .dryRun(true)
                      .build());
    } catch (EngineException e) {
      System.err.println("bulwark backup: " + e.getMessage());
      return 1;
    }
    if (options.json) {
      try {
        System.out.println(CliJson.write(result));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return 0;
    }
    result.plannedFiles().forEach(System.out::println);
    System.err.printf(
        "dry run: %d file(s) would be read; nothing written%n", result.plannedFiles().size());
    return 0;
  }

  private static SnapshotType parseType(String text) throws UsageException {
    try {
      return SnapshotType.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--snapshot-type " + text + ": expected full or incremental");
    }
  }
}
