package dev.bulwark.cli;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.core.backup.JobSetupException;
import dev.bulwark.core.backup.PolicyRepository;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.format.SnapshotType;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bulwark backup}: take one snapshot of a policy now and print its job id. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Take a snapshot of a policy's sources now, on exactly one target, and print its job_id on the",
      "last line of stdout. Exit 0 on success, 1 when the backup failed, 2 on usage or setup errors."
    })
final class BackupCommand implements Callable<Integer> {
  /** The label of snapshots taken before an upgrade (R18). */
  static final String PRE_UPGRADE = "pre-upgrade";

  @Mixin PolicyOptions options;

  @Option(
      names = "--snapshot-type",
      paramLabel = "full|incremental",
      defaultValue = "incremental",
      description = "incremental (default; the first of a cycle runs full) or full.")
  String snapshotType;

  @Option(names = "--pre-upgrade", description = "A full snapshot labelled pre-upgrade (R18).")
  boolean preUpgrade;

  @Option(names = "--dry-run", description = "List what would be read and written; write nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    SnapshotType type;
    try {
      type = preUpgrade ? SnapshotType.FULL : SnapshotType.valueOf(snapshotType.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      System.err.println("bulwark backup: --snapshot-type " + snapshotType + ": expected full or incremental");
      return 2;
    }
    PolicyRepository bound;
    try {
      BackupPolicy policy = options.loadPolicy();
      bound = options.openRepository(policy);
    } catch (UsageException | JobSetupException e) {
      System.err.println("bulwark backup: " + e.getMessage());
      return 2;
    }
    BackupRequest.Builder request =
        BackupRequest.builder()
            .sources(bound.sources())
            .snapshotType(type)
            .dryRun(dryRun)
            .stateDirectory(options.state.state().resolve("state"))
            .toolVersion("bulwark", BulwarkVersion.current())
            .restoreEntrypoint("bulwark restore --policy " + bound.policy() + " --snapshot <job_id> --to <dir>");
    if (preUpgrade) {
      request.label(PRE_UPGRADE);
    }
    TerminalProgress progress = TerminalProgress.forConsole(options.json);
    BackupResult result;
    try {
      result = new BackupEngine(bound.repository()).backup(request.build(), progress);
    } catch (EngineException e) {
      progress.finishLine();
      System.err.println("bulwark backup: BackupPolicy/" + bound.policy() + " on "
          + bound.repository().target().describe() + " failed: " + e.getMessage());
      return 1;
    }
    progress.finishLine();
    if (options.json) {
      System.out.println(CliJson.write(result));
      return 0;
    }
    result.warnings().forEach(w -> System.err.println("warning: " + w));
    if (dryRun) {
      result.plannedFiles().forEach(System.out::println);
      System.err.printf("dry run: %d file(s) would be read; nothing written%n", result.plannedFiles().size());
      return 0;
    }
    System.err.printf(
        "%s snapshot of %s on %s: %d files, %s (%s new, %s uploaded) in %.1f s%n",
        result.snapshotType().name().toLowerCase(java.util.Locale.ROOT),
        bound.policy(),
        bound.repository().target().describe(),
        result.files(),
        Bytes.format(result.bytes()),
        Bytes.format(result.bytesRead()),
        Bytes.format(result.bytesUploaded()),
        result.duration().toMillis() / 1000.0);
    System.out.println(result.jobId());
    return 0;
  }
}
