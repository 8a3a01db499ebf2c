package dev.bulwark.cli;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.core.backup.JobSetupException;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.backup.PolicyRepository;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.TargetAccessException;
import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.format.SnapshotType;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bulwark backup}: take one snapshot of a policy now and print its job id. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Take a snapshot of a policy's sources now, on exactly one target, and print its job_id on the",
      "last line of stdout. A failing target fails the job; it switches to spec.fallbackTarget only",
      "when BACKUP_SINGLE_TARGET_ENFORCED=0, and says so loudly.",
      "Exit 0 on success, 1 when the backup failed, 2 on usage or setup errors."
    })
final class BackupCommand implements Callable<Integer> {
  /** The label of snapshots taken before an upgrade (R18). */
  static final String PRE_UPGRADE = "pre-upgrade";

  private static final Logger LOG = LoggerFactory.getLogger(BackupCommand.class);

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

  /** The target failed (unreachable, refused, cannot be opened): the one case a fallback may follow. */
  private static final class TargetFailure extends Exception {
    TargetFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Override
  public Integer call() throws Exception {
    SnapshotType type;
    BackupPolicy policy;
    PolicyRepositories repositories;
    TargetProvider primary;
    try {
      type = preUpgrade ? SnapshotType.FULL : parseType(snapshotType);
      policy = options.loadPolicy();
      repositories = options.repositories();
      primary = repositories.select(policy, options.targetOverride());
    } catch (UsageException | JobSetupException e) {
      System.err.println("bulwark backup: " + e.getMessage());
      return 2;
    }
    try {
      return runOn(repositories, policy, primary, type, Optional.empty());
    } catch (TargetFailure failure) {
      Optional<TargetProvider> fallback = repositories.fallbackFor(policy, primary);
      System.err.println("bulwark backup: " + failure.getMessage());
      if (fallback.isEmpty()) {
        return 1;
      }
      // R7: never silent. The switch is logged as an alert and labelled in the snapshot's manifest.
      LOG.warn(
          "ALERT TargetSwitched: BackupPolicy/{}: target {} failed; writing this job to fallback {}"
              + " because BACKUP_SINGLE_TARGET_ENFORCED=0",
          policy.getMetadata().getName(), WireNames.of(primary), WireNames.of(fallback.get()));
      try {
        return runOn(repositories, policy, fallback.get(), type, Optional.of(primary));
      } catch (TargetFailure second) {
        System.err.println("bulwark backup: fallback failed too: " + second.getMessage());
        return 1;
      }
    }
  }

  private int runOn(
      PolicyRepositories repositories,
      BackupPolicy policy,
      TargetProvider provider,
      SnapshotType type,
      Optional<TargetProvider> switchedFrom)
      throws TargetFailure, Exception {
    PolicyRepository bound;
    try {
      bound = repositories.openOn(policy, provider);
    } catch (JobSetupException e) {
      throw new TargetFailure(e.getMessage(), e);
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
    switchedFrom.ifPresent(failed -> request.label("fallback-from-" + WireNames.of(failed)));
    TerminalProgress progress = TerminalProgress.forConsole(options.json);
    BackupResult result;
    try {
      result = new BackupEngine(bound.repository()).backup(request.build(), progress);
    } catch (TargetAccessException e) {
      progress.finishLine();
      throw new TargetFailure(
          "BackupPolicy/" + bound.policy() + " on " + bound.repository().target().describe() + " failed: "
              + e.getMessage(), e);
    } catch (EngineException e) {
      progress.finishLine();
      System.err.println("bulwark backup: BackupPolicy/" + bound.policy() + " on "
          + bound.repository().target().describe() + " failed: " + e.getMessage());
      return 1;
    }
    progress.finishLine();
    print(bound, result);
    return 0;
  }

  private void print(PolicyRepository bound, BackupResult result) throws Exception {
    if (options.json) {
      System.out.println(CliJson.write(result));
      return;
    }
    result.warnings().forEach(w -> System.err.println("warning: " + w));
    if (dryRun) {
      result.plannedFiles().forEach(System.out::println);
      System.err.printf("dry run: %d file(s) would be read; nothing written%n", result.plannedFiles().size());
      return;
    }
    System.err.printf(
        "%s snapshot of %s on %s: %d files, %s (%s new, %s uploaded) in %.1f s%n",
        result.snapshotType().name().toLowerCase(Locale.ROOT),
        bound.policy(),
        bound.repository().target().describe(),
        result.files(),
        Bytes.format(result.bytes()),
        Bytes.format(result.bytesRead()),
        Bytes.format(result.bytesUploaded()),
        result.duration().toMillis() / 1000.0);
    System.out.println(result.jobId());
  }

  private static SnapshotType parseType(String text) throws UsageException {
    try {
      return SnapshotType.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--snapshot-type " + text + ": expected full or incremental");
    }
  }
}
