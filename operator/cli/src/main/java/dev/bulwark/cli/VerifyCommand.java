package dev.bulwark.cli;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.audit.AuditEvent;
import dev.bulwark.core.backup.JobSetupException;
import dev.bulwark.core.backup.PolicyRepository;
import dev.bulwark.core.verify.VerifyHistory;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.verify.Verifier;
import dev.bulwark.engine.verify.VerifyProblem;
import dev.bulwark.engine.verify.VerifyReport;
import dev.bulwark.engine.verify.VerifyRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bulwark verify}: check that a policy's snapshots are complete and, optionally, readable.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check that a policy's snapshots are complete and readable.",
      "Every snapshot's objects must exist; with --read-data every frame is also decrypted,",
      "decompressed and hashed. --sample checks a random fraction (e.g. 10%) or count of snapshots, for",
      "periodic runs. Each bad object is named.",
      "Exit 0 all good, 1 problems found, 2 usage errors."
    })
final class VerifyCommand implements Callable<Integer> {
  @Mixin PolicyOptions options;

  @Option(names = "--read-data", description = "Read and hash all data, not only check presence.")
  boolean readData;

  @Option(
      names = "--sample",
      paramLabel = "N|P%",
      description = "Verify only N snapshots, or P percent of them.")
  String sample;

  @Option(names = "--snapshot", paramLabel = "JOB_ID", description = "Verify only this snapshot.")
  String snapshot;

  @Override
  public Integer call() throws Exception {
    VerifyRequest.Builder request = VerifyRequest.builder().readData(readData);
    if (snapshot != null) {
      request.snapshot(snapshot);
    }
    if (sample != null) {
      try {
        if (sample.endsWith("%")) {
          request.sampleFraction(
              Double.parseDouble(sample.substring(0, sample.length() - 1)) / 100.0);
        } else {
          request.sampleCount(Integer.parseInt(sample));
        }
      } catch (IllegalArgumentException e) {
        System.err.println(
            "bulwark verify: --sample " + sample + ": expected a count (5) or a percentage (10%)");
        return 2;
      }
    }
    PolicyRepository bound;
    BackupPolicy policy;
    try {
      policy = options.loadPolicy();
      bound = options.openRepository(policy);
    } catch (UsageException | JobSetupException e) {
      System.err.println("bulwark verify: " + e.getMessage());
      return 2;
    }
    TerminalProgress progress = TerminalProgress.forConsole(options.json);
    VerifyReport report;
    VerifyRequest built = request.build();
    java.time.Instant started = java.time.Instant.now();
    try {
      report = new Verifier(bound.repository()).verify(built, progress);
    } catch (EngineException e) {
      progress.finishLine();
      System.err.println("bulwark verify: " + e.getMessage());
      return 1;
    }
    progress.finishLine();
    if (snapshot == null) {
      // A verify of the repository (or a sample of it) counts like a periodic one: status and gate
      // see it.
      new VerifyHistory(
              new StatePaths(options.state.state()), java.time.Clock.systemUTC(), run -> {})
          .recordManual(
              policy,
              java.util.Optional.empty(),
              AuditEvent.cliActor(),
              WireNames.of(bound.provider()),
              sample,
              built,
              report,
              started);
    }
    if (options.json) {
      System.out.println(CliJson.write(report));
    } else {
      for (VerifyProblem problem : report.problems()) {
        System.out.println(problem);
      }
      System.err.printf(
          "%s: %d of %d snapshot(s), %d pack(s) checked, %d file(s) hashed, %s read: %d problem(s)%n",
          report.ok() ? "ok" : "FAILED",
          report.snapshotsChecked(),
          report.snapshotsInRepository(),
          report.packsChecked(),
          report.filesVerified(),
          Bytes.format(report.bytesRead()),
          report.problems().size());
    }
    return report.ok() ? 0 : 1;
  }
}
