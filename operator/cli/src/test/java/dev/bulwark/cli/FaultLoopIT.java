package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.cli.BulwarkProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault campaign of issue 17 at a small size, on the packaged jar: kill -9 at random points of
 * backups and restores (local and S3), random byte flips in every kind of stored object, and a
 * store stopped (SIGSTOP) in the middle of a job. It prints every trial and its outcome and fails
 * on any lost or undetected case:
 *
 * <ul>
 *   <li>after a kill: no partial snapshot is listed, {@code verify --read-data} is clean, the next
 *       backup succeeds, and a restore equals the source byte for byte (a killed restore leaves no
 *       file under its own name that is incomplete);
 *   <li>after a flip: {@code verify --read-data} names the damaged object, or a restore refuses;
 *   <li>with the store stopped: the job fails within its deadline instead of hanging, and once the
 *       store is back the next job succeeds.
 * </ul>
 *
 * The seed is printed; replay a run with {@code -Dbulwark.faults.seed=N}. {@code
 * -Dbulwark.faults.size=N} multiplies the number of trials (and the data) for a manual campaign.
 */
class FaultLoopIT {
  private static final long SEED = Long.getLong("bulwark.faults.seed", System.nanoTime());
  private static final int SIZE = Integer.getInteger("bulwark.faults.size", 1);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A job past this after its store stopped counts as hung (deadline plus documented cleanup
   * bounds).
   */
  private static final long HUNG_AFTER_SECONDS = 300;

  @TempDir Path work;
  private final List<String> report = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private Random random;
  private Path data;
  private S3MockProcess s3;
  private int restores;

  @Test
  @Timeout(value = 60, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void killsFlipsAndStoppedStoresLoseNothingAndGoUndetectedNowhere() throws Exception {
    System.out.println(
        "fault loop: seed "
            + SEED
            + ", size "
            + SIZE
            + " (replay: -Dbulwark.faults.seed="
            + SEED
            + ")");
    random = new Random(SEED);
    data = work.resolve("data");
    FileTrees.create(data, random, 24 * SIZE, 300_000);
    Files.createDirectories(work.resolve("policies"));
    try {
      Target local = new Target("local", "faults-local", Map.of());
      policy(local, "target: local");
      long backupMillis = baseline(local);
      long restoreMillis = timedRestore(local);
      for (int i = 0; i < 2 * SIZE; i++) {
        killBackup(local, backupMillis);
      }
      for (int i = 0; i < SIZE; i++) {
        killRestore(local, restoreMillis);
      }
      for (int i = 0; i < 4 * SIZE; i++) {
        flip(local, ByteFlip.KINDS.get(i % ByteFlip.KINDS.size()));
      }

      s3 = S3MockProcess.start("faults", work.resolve("s3mock"), work.resolve("s3mock.log"));
      Target remote = new Target("s3", "faults-s3", s3Env());
      policy(
          remote,
          """
          target: s3
            targets:
              s3: {bucket: faults, region: us-east-1, endpoint: "%s", pathStyle: true}
            timeouts: {job: 30s}"""
              .formatted(s3.endpoint()));
      long s3BackupMillis = baseline(remote);
      long s3RestoreMillis = timedRestore(remote);
      for (int i = 0; i < SIZE; i++) {
        killBackup(remote, s3BackupMillis);
      }
      for (int i = 0; i < SIZE; i++) {
        killRestore(remote, s3RestoreMillis);
      }
      for (int i = 0; i < SIZE; i++) {
        stopTheStore(remote);
      }
    } finally {
      if (s3 != null) {
        s3.close();
      }
      System.out.println(
          "fault loop: "
              + report.size()
              + " trials, "
              + failures.size()
              + " failed (seed "
              + SEED
              + ")");
      report.forEach(line -> System.out.println("  " + line));
    }
    assertThat(failures).as("lost or undetected cases (seed " + SEED + ")").isEmpty();
  }

  /** A target under test: its policy, and the environment its commands run with. */
  private record Target(String name, String policy, Map<String, String> env) {}

  private void policy(Target target, String targetYaml) throws Exception {
    Files.writeString(
        work.resolve("policies/" + target.policy() + ".yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: %s}
        spec:
          env: faults
          %s
          sources: [{path: ../data, domain: raw}]
        """
            .formatted(target.policy(), targetYaml));
  }

  private Map<String, String> s3Env() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", "AKIAFAULTS");
    env.put("AWS_SECRET_ACCESS_KEY", "fault-loop-secret");
    // Short request bounds, so that a stopped store fails requests within seconds (but not so
    // short that a store busy on two shared cores is taken for a stopped one).
    env.put("S3_CONNECT_TIMEOUT_SECONDS", "2");
    env.put("S3_READ_TIMEOUT_SECONDS", "5");
    env.put("S3_REQUEST_TIMEOUT_SECONDS", "5");
    env.put("S3_CALL_TIMEOUT_SECONDS", "15");
    return env;
  }

  /** The first full backup, which must succeed; returns how long it took. */
  private long baseline(Target target) throws Exception {
    long start = System.nanoTime();
    Result first =
        bulwark(target, "backup", "--policy", target.policy(), "--snapshot-type", "full");
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private long timedRestore(Target target) throws Exception {
    long start = System.nanoTime();
    Path dest = fresh("restore-baseline-" + target.name());
    Result restore =
        bulwark(target, "restore", "--policy", target.policy(), "--to", dest.toString());
    assertThat(restore.exitCode()).as(restore.stderr()).isZero();
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private void killBackup(Target target, long typicalMillis) throws Exception {
    FileTrees.change(data, random, 300_000);
    int before = snapshotCount(target);
    long delay = randomPointOf(typicalMillis);
    boolean killed =
        killAfter(target, delay, "backup", "--policy", target.policy(), "--snapshot-type", "full");
    List<String> problems = new ArrayList<>();
    int listed = snapshotCount(target);
    if (listed > before + 1) {
      problems.add(listed - before + " snapshots appeared for one job");
    }
    if (!killed && listed != before + 1) {
      problems.add("the job finished but its snapshot is not listed");
    }
    problems.addAll(recoveryProblems(target));
    record(
        target,
        "kill -9 backup after " + delay + " ms" + (killed ? "" : " (it had finished)"),
        problems);
  }

  private void killRestore(Target target, long typicalMillis) throws Exception {
    long delay = randomPointOf(typicalMillis);
    Path dest = fresh("killed-restore");
    boolean killed =
        killAfter(target, delay, "restore", "--policy", target.policy(), "--to", dest.toString());
    List<String> problems = new ArrayList<>();
    for (String file : FileTrees.incompleteFiles(data, restoredData(dest))) {
      problems.add("incomplete file under its own name: " + file);
    }
    problems.addAll(recoveryProblems(target));
    record(
        target,
        "kill -9 restore after " + delay + " ms" + (killed ? "" : " (it had finished)"),
        problems);
  }

  private void flip(Target target, String kind) throws Exception {
    ByteFlip flip = ByteFlip.inject(work.resolve("state/repository"), kind, random);
    String fault = "flip byte " + flip.offset() + " of a " + kind + " (" + flip.key() + ")";
    List<String> problems = new ArrayList<>();
    String outcome;
    try {
      Result verify = bulwark(target, "verify", "--policy", target.policy(), "--read-data");
      String said = verify.stdout() + verify.stderr();
      if (verify.exitCode() != 0 && said.contains(flip.key())) {
        outcome = "verify names it";
      } else {
        Path dest = fresh("flip-restore");
        Result restore =
            bulwark(target, "restore", "--policy", target.policy(), "--to", dest.toString());
        if (restore.exitCode() != 0) {
          outcome = "restore refuses (verify exit " + verify.exitCode() + ")";
        } else if (!FileTrees.differences(data, restoredData(dest)).isEmpty()) {
          outcome = "LOST: restore returned other bytes and exit 0";
          problems.add(outcome);
        } else {
          outcome = "UNDETECTED (verify exit " + verify.exitCode() + ", restore exit 0)";
          problems.add(outcome);
        }
      }
    } finally {
      flip.undo();
    }
    record(target, fault + ": " + outcome, problems);
  }

  private void stopTheStore(Target target) throws Exception {
    FileTrees.change(data, random, 300_000);
    Path log = work.resolve("stopped-store-" + report.size() + ".log");
    Process backup =
        BulwarkProcess.start(
            work,
            target.env(),
            log,
            args("backup", "--policy", target.policy(), "--snapshot-type", "full"));
    // Mid-job: once the job holds its lock (it is packing and uploading), at a random moment.
    long waitedFor = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (backup.isAlive()
        && !s3.holds("faults", "backups/faults/locks/")
        && System.nanoTime() < waitedFor) {
      Thread.sleep(20);
    }
    long delay = random.nextInt(300);
    Thread.sleep(delay);
    s3.stop();
    long stopped = System.nanoTime();
    boolean ended;
    try {
      ended = backup.waitFor(HUNG_AFTER_SECONDS, TimeUnit.SECONDS);
    } finally {
      s3.resume();
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopped);
    List<String> problems = new ArrayList<>();
    String outcome;
    if (!ended) {
      backup.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      outcome = "HUNG for " + seconds + " s";
      problems.add(outcome);
    } else if (backup.exitValue() == 0) {
      outcome = "finished before the store stopped";
    } else {
      String[] lines = Files.readString(log).strip().split("\n");
      outcome = "failed after " + seconds + " s: " + lines[lines.length - 1];
    }
    problems.addAll(recoveryProblems(target));
    record(
        target,
        "SIGSTOP the store " + delay + " ms after the job took its lock: " + outcome,
        problems);
  }

  /** Verify is clean, the next backup succeeds, and a restore of it equals the source. */
  private List<String> recoveryProblems(Target target) throws Exception {
    List<String> problems = new ArrayList<>();
    Result verify = bulwark(target, "verify", "--policy", target.policy(), "--read-data");
    if (verify.exitCode() != 0) {
      problems.add(
          "verify after the fault: exit "
              + verify.exitCode()
              + ": "
              + verify.stdout()
              + verify.stderr());
    }
    Result next = bulwark(target, "backup", "--policy", target.policy());
    if (next.exitCode() != 0) {
      problems.add("the next backup failed: " + next.stderr().strip());
      return problems;
    }
    Path dest = fresh("after-fault");
    Result restore =
        bulwark(target, "restore", "--policy", target.policy(), "--to", dest.toString());
    if (restore.exitCode() != 0) {
      problems.add("restore failed: " + restore.stderr().strip());
    } else {
      FileTrees.differences(data, restoredData(dest)).forEach(d -> problems.add("restore: " + d));
    }
    return problems;
  }

  /**
   * A random moment of a command that typically takes {@code typicalMillis}, past the JVM's start.
   */
  private long randomPointOf(long typicalMillis) {
    return (long) (typicalMillis * (0.15 + 0.8 * random.nextDouble()));
  }

  /** Starts a command and kills it with SIGKILL after {@code millis}; false when it ended first. */
  private boolean killAfter(Target target, long millis, String... command) throws Exception {
    Process process =
        BulwarkProcess.start(work, target.env(), work.resolve("killed.log"), args(command));
    boolean ended = process.waitFor(millis, TimeUnit.MILLISECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    process.waitFor(30, TimeUnit.SECONDS);
    return !ended;
  }

  private int snapshotCount(Target target) throws Exception {
    Result listed = bulwark(target, "snapshots", "--policy", target.policy(), "--json");
    assertThat(listed.exitCode()).as(listed.stderr()).isZero();
    return JSON.readTree(listed.stdout()).size();
  }

  private void record(Target target, String fault, List<String> problems) {
    String line =
        String.format(
            "%3d %-5s %s -> %s",
            report.size() + 1,
            target.name(),
            fault,
            problems.isEmpty() ? "ok" : "FAILED: " + String.join("; ", problems));
    report.add(line);
    if (!problems.isEmpty()) {
      failures.add(line);
    }
    System.out.println("fault loop: " + line);
  }

  private Path restoredData(Path dest) {
    return dest.resolve(data.toString().substring(1));
  }

  /** A destination that does not exist yet: a restore creates it. */
  private Path fresh(String name) {
    return work.resolve("restores/" + name + "-" + (++restores));
  }

  private String[] args(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--policies",
            work.resolve("policies").toString(),
            "--state",
            work.resolve("state").toString()));
    return all.toArray(String[]::new);
  }

  private Result bulwark(Target target, String... args) throws Exception {
    return BulwarkProcess.run(work, target.env(), args(args));
  }
}
