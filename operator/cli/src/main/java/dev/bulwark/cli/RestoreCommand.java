package dev.bulwark.cli;

import dev.bulwark.core.backup.JobSetupException;
import dev.bulwark.core.backup.PolicyRepository;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.restore.RestoreEngine;
import dev.bulwark.engine.restore.RestoreRequest;
import dev.bulwark.engine.restore.RestoreResult;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bulwark restore}: L1 (paths), L2 (--at) and L3 (everything) restores. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a snapshot (the newest, --snapshot ID, or the state --at a time) into a directory:",
      "everything (L3), or only --path globs (L1). Checks checksums, versions, free space and the",
      "destination first; never overwrites existing files without --force; --dry-run verifies only.",
      "Exit 0 restored (or verified), 1 refused or failed, 2 usage errors."
    })
final class RestoreCommand implements Callable<Integer> {
  @Mixin PolicyOptions options;

  @Option(names = "--snapshot", paramLabel = "JOB_ID", description = "Snapshot to restore.")
  String snapshot;

  @Option(names = "--at", paramLabel = "TIME", description = "Restore the state as of this RFC 3339 time (L2).")
  String at;

  @Option(names = "--path", paramLabel = "GLOB", description = "Restore only matching paths (L1); repeatable.")
  List<String> paths = List.of();

  @Option(names = "--to", required = true, paramLabel = "DIR", description = "Destination directory.")
  Path destination;

  @Option(names = "--dry-run", description = "Verify everything a restore would read; write nothing.")
  boolean dryRun;

  @Option(names = "--force", description = "Overwrite files that already exist in the destination.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    if (snapshot != null && at != null) {
      System.err.println("bulwark restore: give --snapshot or --at, not both");
      return 2;
    }
    RestoreRequest.Builder request = RestoreRequest.builder(destination).dryRun(dryRun).force(force);
    paths.forEach(request::path);
    if (snapshot != null) {
      request.snapshot(snapshot);
    }
    if (at != null) {
      try {
        request.at(Instant.parse(at));
      } catch (DateTimeParseException e) {
        System.err.println("bulwark restore: --at " + at + ": expected an RFC 3339 time such as 2026-11-28T10:00:00Z");
        return 2;
      }
    }
    PolicyRepository bound;
    try {
      bound = options.openRepository(options.loadPolicy());
    } catch (UsageException | JobSetupException e) {
      System.err.println("bulwark restore: " + e.getMessage());
      return 2;
    }
    TerminalProgress progress = TerminalProgress.forConsole(options.json);
    RestoreResult result;
    try {
      result = new RestoreEngine(bound.repository()).restore(request.build(), progress);
    } catch (EngineException e) {
      progress.finishLine();
      System.err.println("bulwark restore: " + e.getMessage());
      return 1;
    }
    progress.finishLine();
    if (options.json) {
      System.out.println(CliJson.write(result));
      return 0;
    }
    result.warnings().forEach(w -> System.err.println("warning: " + w));
    System.err.printf(
        "%s snapshot %s (%s): %d files, %s %s %s in %.1f s%n",
        dryRun ? "verified" : "restored",
        result.snapshotJobId(),
        result.snapshotFinishedAt(),
        result.files(),
        Bytes.format(result.bytes()),
        dryRun ? "readable for" : "into",
        result.destination(),
        result.duration().toMillis() / 1000.0);
    return 0;
  }
}
