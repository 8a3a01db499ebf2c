package dev.bulwark.cli;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.audit.AuditEvent;
import dev.bulwark.core.audit.AuditLog;
import dev.bulwark.core.backup.JobSetupException;
import dev.bulwark.core.backup.PolicyRepository;
import dev.bulwark.core.backup.PolicyRetention;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.prune.KeptSnapshot;
import dev.bulwark.engine.prune.PruneRequest;
import dev.bulwark.engine.prune.PruneResult;
import dev.bulwark.engine.prune.Pruner;
import dev.bulwark.engine.retention.RetentionPolicy;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bulwark prune}: apply a policy's retention to its repository, dependency-aware. */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    description = {
      "Remove snapshots past the policy's retention, and the packs nothing needs.",
      "Snapshots older than coldDays go, keeping the keepLast newest and every full a retained",
      "incremental depends on; then the packs nothing references are deleted. Crash-safe: an",
      "interrupted prune leaves every listed snapshot restorable and the next one finishes it.",
      "Exit 0 done (or planned with --dry-run), 1 failed, 2 usage errors."
    })
final class PruneCommand implements Callable<Integer> {
  @Mixin PolicyOptions options;

  @Option(names = "--dry-run", description = "Say what would be removed and kept; delete nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    PolicyRepository bound;
    RetentionPolicy retention;
    try {
      BackupPolicy policy = options.loadPolicy();
      retention = PolicyRetention.of(policy, Environment.system());
      bound = options.openRepository(policy);
    } catch (UsageException | JobSetupException | IllegalArgumentException e) {
      System.err.println("bulwark prune: " + e.getMessage());
      return 2;
    }
    PruneResult result;
    try {
      result =
          new Pruner(bound.repository())
              .prune(PruneRequest.builder(retention).dryRun(dryRun).build());
    } catch (EngineException e) {
      System.err.println("bulwark prune: " + e.getMessage());
      return 1;
    }
    if (!dryRun) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("target", bound.repository().target().describe());
      details.put("removed", result.removed().stream().map(s -> s.jobId()).toList());
      details.put("bytes_freed", result.bytesFreed());
      new AuditLog(new StatePaths(options.state.state()).auditLog())
          .append(
              new AuditEvent(
                  Instant.now(),
                  "prune",
                  "BackupPolicy",
                  null,
                  bound.policy(),
                  null,
                  "manual",
                  AuditEvent.cliActor(),
                  "success",
                  details));
    }
    if (options.json) {
      System.out.println(CliJson.write(result));
      return 0;
    }
    String verb = dryRun ? "would remove" : "removed";
    result
        .removed()
        .forEach(s -> System.out.println(verb + " " + s.jobId() + " (" + s.finishedAt() + ")"));
    for (KeptSnapshot kept : result.kept()) {
      System.out.println(
          "kept "
              + kept.snapshot().jobId()
              + ": "
              + kept.reason()
              + (kept.detail() == null ? "" : " (" + kept.detail() + ")"));
    }
    result.warnings().forEach(w -> System.err.println("warning: " + w));
    System.err.printf(
        "%s %d snapshot(s), kept %d, %d object(s), %s freed%n",
        verb,
        result.removed().size(),
        result.kept().size(),
        result.objectsDeleted().size(),
        Bytes.format(result.bytesFreed()));
    return 0;
  }
}
