package dev.bulwark.cli;

import dev.bulwark.core.backup.JobSetupException;
import dev.bulwark.core.backup.PolicyRepository;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.catalog.SnapshotSummary;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bulwark snapshots}: the committed snapshots of a policy, read from its target. */
@Command(
    name = "snapshots",
    mixinStandardHelpOptions = true,
    description = {
      "List a policy's committed snapshots, read from its target.",
      "The repository is the truth: no local state is needed.",
      "Exit 0, or 1 when the target cannot be read, 2 on usage errors."
    })
final class SnapshotsCommand implements Callable<Integer> {
  @Mixin PolicyOptions options;

  @Override
  public Integer call() throws Exception {
    PolicyRepository bound;
    try {
      bound = options.openRepository(options.loadPolicy());
    } catch (UsageException | JobSetupException e) {
      System.err.println("bulwark snapshots: " + e.getMessage());
      return 2;
    }
    List<SnapshotSummary> snapshots;
    try {
      snapshots = bound.repository().catalog().list();
    } catch (EngineException e) {
      System.err.println("bulwark snapshots: " + e.getMessage());
      return 1;
    }
    if (options.json) {
      System.out.println(CliJson.write(snapshots));
      return 0;
    }
    String format = "%-32s %-12s %-22s %-22s %s%n";
    System.out.printf(format, "JOB ID", "TYPE", "STARTED", "FINISHED", "LABELS");
    for (SnapshotSummary s : snapshots) {
      System.out.printf(
          format,
          s.jobId(),
          s.type().name().toLowerCase(Locale.ROOT),
          s.startedAt(),
          s.finishedAt(),
          String.join(",", s.labels()));
    }
    System.err.printf(
        "%d snapshot(s) of %s on %s%n",
        snapshots.size(), bound.policy(), bound.repository().target().describe());
    return 0;
  }
}
