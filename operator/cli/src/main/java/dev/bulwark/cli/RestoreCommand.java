package dev.bulwark.cli;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.audit.AuditEvent;
import dev.bulwark.core.audit.AuditLog;
import dev.bulwark.core.backup.JobSetupException;
import dev.bulwark.core.backup.PolicyRepository;
import dev.bulwark.core.drills.DrillPaths;
import dev.bulwark.core.drills.RestoreAudit;
import dev.bulwark.core.drills.RestoreAuditRecord;
import dev.bulwark.core.postgres.PolicyDatabases;
import dev.bulwark.core.postgres.PostgresConnection;
import dev.bulwark.core.postgres.PostgresException;
import dev.bulwark.core.postgres.PostgresRestorer;
import dev.bulwark.core.postgres.PostgresTools;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.RestoreRefusedException;
import dev.bulwark.engine.SnapshotNotFoundException;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.restore.RestoreEngine;
import dev.bulwark.engine.restore.RestoreRequest;
import dev.bulwark.engine.restore.RestoreResult;
import dev.bulwark.engine.restore.StreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bulwark restore}: L1 (paths), L2 (--at) and L3 (everything) restores. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a snapshot, or some paths of it, into a directory or a database.",
      "The newest snapshot, --snapshot ID, or the state --at a time; everything (L3), or only --path",
      "globs (L1). Checksums, versions, free space and the destination are checked first; existing",
      "files are never overwritten without --force; --dry-run verifies only.",
      "With --pg-database, the snapshot's PostgreSQL dump is restored into that database instead",
      "(pg_restore; created when missing; an existing one must be empty unless --force). The",
      "connection comes from the policy's source, or --pg-host/--pg-port/--pg-user; the password",
      "from PGPASSWORD, else the source's passwordFrom.",
      "Exit 0 restored (or verified), 1 refused or failed, 2 usage errors."
    })
final class RestoreCommand implements Callable<Integer> {
  /** The restore audit's result when the checks before writing refused. */
  private static final String REFUSED = "refused";

  /** The restore audit's result when the restore could not start or finish. */
  private static final String FAILED = "failed";

  @Mixin PolicyOptions options;

  @Option(names = "--snapshot", paramLabel = "JOB_ID", description = "Snapshot to restore.")
  String snapshot;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description = "Restore the state as of this RFC 3339 time (L2).")
  String at;

  @Option(
      names = "--path",
      paramLabel = "GLOB",
      description = "Restore only matching paths (L1); repeatable.")
  List<String> paths = List.of();

  @Option(names = "--to", paramLabel = "DIR", description = "Destination directory.")
  Path destination;

  @Option(
      names = "--pg-database",
      paramLabel = "NAME",
      description = "Restore the snapshot's PostgreSQL dump into this database with pg_restore.")
  String pgDatabase;

  @Option(
      names = "--pg-dump",
      paramLabel = "PATH",
      description = "Which dump when the snapshot holds several, e.g. serving/postgres/shop.dump.")
  String pgDump;

  @Option(
      names = "--pg-host",
      paramLabel = "HOST",
      description = "Server host or socket directory.")
  String pgHost;

  @Option(names = "--pg-port", paramLabel = "PORT", description = "Server port.")
  Integer pgPort;

  @Option(names = "--pg-user", paramLabel = "ROLE", description = "Role to restore as.")
  String pgUser;

  @Option(
      names = "--pg-no-owner",
      description = "Do not restore object ownership (objects belong to the restoring role).")
  boolean pgNoOwner;

  @Option(
      names = "--dry-run",
      description = "Verify everything a restore would read; write nothing.")
  boolean dryRun;

  @Option(names = "--force", description = "Overwrite files that already exist in the destination.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    if (snapshot != null && at != null) {
      System.err.println("bulwark restore: give --snapshot or --at, not both");
      return 2;
    }
    if ((destination == null) == (pgDatabase == null)) {
      System.err.println(
          "bulwark restore: give --to DIR (files) or --pg-database NAME (a database dump)");
      return 2;
    }
    if (pgDatabase != null) {
      if (!paths.isEmpty()) {
        System.err.println(
            "bulwark restore: --path selects files; it does not apply to --pg-database");
        return 2;
      }
      if (at != null) {
        try {
          Instant.parse(at);
        } catch (DateTimeParseException e) {
          System.err.println(
              "bulwark restore: --at "
                  + at
                  + ": expected an RFC 3339 time such as 2026-11-28T10:00:00Z");
          return 2;
        }
      }
      return restoreDatabase();
    }
    RestoreRequest.Builder request =
        RestoreRequest.builder(destination).dryRun(dryRun).force(force);
    paths.forEach(request::path);
    if (snapshot != null) {
      request.snapshot(snapshot);
    }
    if (at != null) {
      try {
        request.at(Instant.parse(at));
      } catch (DateTimeParseException e) {
        System.err.println(
            "bulwark restore: --at "
                + at
                + ": expected an RFC 3339 time such as 2026-11-28T10:00:00Z");
        return 2;
      }
    }
    BackupPolicy policy;
    try {
      policy = options.loadPolicy();
    } catch (UsageException e) {
      System.err.println("bulwark restore: " + e.getMessage());
      return 2;
    }
    PolicyRepository bound;
    try {
      bound = options.openRepository(policy);
      // The schema pre-check (R14): refuse objects the policy's readers cannot read.
      request.readerSchemaVersions(policy.getSpec().getReaderSchemaVersions());
    } catch (UsageException | JobSetupException e) {
      notRestored(policy.getRef().name(), FAILED, e.getMessage());
      System.err.println("bulwark restore: " + e.getMessage());
      return 2;
    }
    TerminalProgress progress = TerminalProgress.forConsole(options.json);
    RestoreResult result;
    try {
      result = new RestoreEngine(bound.repository()).restore(request.build(), progress);
    } catch (EngineException e) {
      progress.finishLine();
      if (!dryRun) {
        notRestored(
            bound.policy(),
            e instanceof RestoreRefusedException ? REFUSED : FAILED,
            e.getMessage());
      }
      System.err.println("bulwark restore: " + inCliTerms(e));
      return 1;
    }
    progress.finishLine();
    if (!dryRun) {
      audit(
          bound.policy(),
          result.snapshotJobId(),
          "success",
          Map.of(
              "destination",
              result.destination().toString(),
              "files",
              result.files(),
              "bytes",
              result.bytes(),
              "seconds",
              result.duration().toMillis() / 1000.0));
      restoreAudit(bound.policy(), result);
    }
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

  /**
   * The engine's message, with its option names as this command spells them: the engine says
   * "force" for what the user passes as {@code --force}.
   */
  static String inCliTerms(EngineException e) {
    String message = e.getMessage();
    return e instanceof RestoreRefusedException
        ? message.replace("pass force", "pass --force")
        : message;
  }

  /**
   * One line in the audit trail (R24): who restored what, from which snapshot, and how it ended.
   */
  private void audit(String policy, String jobId, String outcome, Map<String, Object> details) {
    new AuditLog(new StatePaths(options.state.state()).auditLog())
        .append(
            new AuditEvent(
                Instant.now(),
                "restore",
                "BackupPolicy",
                null,
                policy,
                jobId,
                "manual",
                AuditEvent.cliActor(),
                outcome,
                details));
  }

  /**
   * The manual restore's line in the restore audit, beside the drills' (issue R16): the level by
   * what was asked, the age of the data restored (as the drills' RPO) and the wall time (RTO).
   */
  private void restoreAudit(String policy, RestoreResult result) {
    Instant now = Instant.now();
    restoreAudit(
        new RestoreAuditRecord(
            now,
            "restore",
            null,
            null,
            policy,
            level(),
            null,
            "success",
            result.snapshotJobId(),
            result.snapshotFinishedAt(),
            result.files(),
            result.bytes(),
            java.time.Duration.between(result.snapshotFinishedAt(), now).toSeconds(),
            result.duration().toSeconds(),
            null,
            null,
            null,
            null,
            null,
            "manual",
            AuditEvent.cliActor()));
  }

  /**
   * A restore that did not happen, in both audits: {@code refused} (the checks before writing said
   * no) or {@code failed} (it could not open the repository, find the snapshot, or finish), with
   * the reason and what to do (issue 17: only successes reached the restore audit).
   */
  private void notRestored(String policy, String result, String reason) {
    audit(policy, null, result, Map.of("error", reason));
    String remediation =
        REFUSED.equals(result)
            ? "fix what the reason names: restore into an empty or new directory, or add --force to overwrite"
                + " existing files; --dry-run checks without writing"
            : "check the reason; `bulwark snapshots --policy "
                + policy
                + "` lists what can be restored and"
                + " `bulwark verify --policy "
                + policy
                + " --read-data` checks the repository";
    restoreAudit(
        new RestoreAuditRecord(
            Instant.now(),
            "restore",
            null,
            null,
            policy,
            level(),
            null,
            result,
            snapshot,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            reason,
            remediation,
            "manual",
            AuditEvent.cliActor()));
  }

  private void restoreAudit(RestoreAuditRecord record) {
    new RestoreAudit(new DrillPaths(new StatePaths(options.state.state())).restoreAudit())
        .append(record);
  }

  /**
   * The level by what was asked: paths (or one database dump) L1, a point in time L2, everything
   * L3.
   */
  private String level() {
    return !paths.isEmpty() || pgDatabase != null
        ? (at != null ? "L2" : "L1")
        : at != null ? "L2" : "L3";
  }

  private int restoreDatabase() throws Exception {
    BackupPolicy policy;
    PolicyRepository bound;
    try {
      policy = options.loadPolicy();
    } catch (UsageException e) {
      System.err.println("bulwark restore: " + e.getMessage());
      return 2;
    }
    try {
      bound = options.openRepository(policy);
    } catch (UsageException | JobSetupException e) {
      return notRestoredDatabase(policy.getRef().name(), e.getMessage(), 2);
    }
    StreamReader reader = new StreamReader(bound.repository());
    SnapshotSummary snapshot;
    Manifest.StreamRecord dump;
    try {
      snapshot = resolveSnapshot(bound);
      List<Manifest.StreamRecord> dumps =
          reader.streams(snapshot).stream().filter(s -> s.path().contains("/postgres/")).toList();
      Optional<Manifest.StreamRecord> chosen =
          pgDump != null
              ? dumps.stream().filter(s -> s.path().equals(pgDump)).findFirst()
              : dumps.size() == 1 ? Optional.of(dumps.get(0)) : Optional.empty();
      if (chosen.isEmpty()) {
        String why =
            pgDump != null
                ? " has no dump " + pgDump
                : dumps.isEmpty()
                    ? " holds no PostgreSQL dump"
                    : " holds several dumps; choose one with --pg-dump";
        String listed =
            dumps.isEmpty()
                ? "none"
                : String.join(", ", dumps.stream().map(Manifest.StreamRecord::path).toList());
        return notRestoredDatabase(
            bound.policy(), "snapshot " + snapshot.jobId() + why + " (dumps: " + listed + ")", 1);
      }
      dump = chosen.get();
    } catch (EngineException e) {
      return notRestoredDatabase(bound.policy(), e.getMessage(), 1);
    }
    Environment environment = Environment.system();
    Optional<PolicyDatabases.Database> source = PolicyDatabases.forStream(policy, dump.path());
    PostgresConnection connection;
    try {
      connection = connection(source, environment);
    } catch (PostgresException | IllegalArgumentException e) {
      return notRestoredDatabase(bound.policy(), e.getMessage(), 2);
    }
    Instant began = Instant.now();
    try (InputStream in = reader.open(snapshot, dump.path())) {
      if (dryRun) {
        long bytes = in.transferTo(OutputStream.nullOutputStream());
        System.err.printf(
            "verified dump %s of snapshot %s: %s readable; would restore into database %s%n",
            dump.path(), snapshot.jobId(), Bytes.format(bytes), connection.describe(pgDatabase));
        return 0;
      }
      PostgresRestorer.Restored restored =
          new PostgresRestorer(PostgresTools.from(environment))
              .restore(in, connection, pgDatabase, new PostgresRestorer.Options(force, pgNoOwner));
      Instant now = Instant.now();
      audit(
          bound.policy(),
          snapshot.jobId(),
          "success",
          Map.of("database", pgDatabase, "dump", dump.path(), "bytes", restored.bytes()));
      restoreAudit(
          new RestoreAuditRecord(
              now,
              "restore",
              null,
              null,
              bound.policy(),
              level(),
              null,
              "success",
              snapshot.jobId(),
              snapshot.finishedAt(),
              1L,
              restored.bytes(),
              snapshot.finishedAt() == null
                  ? null
                  : java.time.Duration.between(snapshot.finishedAt(), now).toSeconds(),
              java.time.Duration.between(began, now).toSeconds(),
              null,
              null,
              null,
              null,
              null,
              "manual",
              AuditEvent.cliActor()));
      System.err.printf(
          "restored dump %s of snapshot %s (%s) into %s database %s%n",
          dump.path(),
          snapshot.jobId(),
          Bytes.format(restored.bytes()),
          restored.created() ? "new" : "existing",
          connection.describe(pgDatabase));
      return 0;
    } catch (EngineException | PostgresException | IOException e) {
      return notRestoredDatabase(bound.policy(), e.getMessage(), 1);
    }
  }

  /** A database restore that did not happen: audited unless it was a dry run, then reported. */
  private int notRestoredDatabase(String policy, String reason, int exitCode) {
    if (!dryRun) {
      notRestored(policy, FAILED, reason);
    }
    System.err.println("bulwark restore: " + reason);
    return exitCode;
  }

  /**
   * The server to restore to: the policy's source of the dump, with --pg-* options on top; the
   * password from PGPASSWORD when set (inherited by pg_restore), else the source's passwordFrom.
   */
  private PostgresConnection connection(
      Optional<PolicyDatabases.Database> source, Environment environment) throws PostgresException {
    PostgresConnection base =
        source.isPresent()
                && environment.get("PGPASSWORD").isEmpty()
                && source.get().source().getPasswordFrom() != null
            ? PostgresConnection.of(source.get().source(), environment, source.get().field())
            : source
                .map(
                    s ->
                        new PostgresConnection(
                            s.source().getHost(),
                            s.source().getPort() == null
                                ? PostgresConnection.DEFAULT_PORT
                                : s.source().getPort(),
                            s.source().getUser(),
                            null))
                .orElse(new PostgresConnection(null, PostgresConnection.DEFAULT_PORT, null, null));
    return new PostgresConnection(
        pgHost != null ? pgHost : base.host(),
        pgPort != null ? pgPort : base.port(),
        pgUser != null ? pgUser : base.user(),
        base.password());
  }

  private SnapshotSummary resolveSnapshot(PolicyRepository bound) throws EngineException {
    String policyName = bound.policy();
    if (snapshot != null) {
      return bound
          .repository()
          .catalog()
          .find(snapshot)
          .orElseThrow(
              () ->
                  new SnapshotNotFoundException(
                      "no snapshot " + snapshot + " of policy " + policyName));
    }
    if (at != null) {
      Instant time = Instant.parse(at);
      return bound
          .repository()
          .catalog()
          .newestAtOrBefore(time)
          .orElseThrow(
              () ->
                  new SnapshotNotFoundException(
                      "no snapshot of policy "
                          + policyName
                          + " had finished at or before "
                          + time));
    }
    return bound
        .repository()
        .catalog()
        .newest()
        .orElseThrow(
            () -> new SnapshotNotFoundException("policy " + policyName + " has no snapshots"));
  }
}
