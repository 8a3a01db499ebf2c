package dev.bulwark.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.crd.BackupPolicyResource;
import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.alerts.AlertSink;
import dev.bulwark.core.audit.AuditLog;
import dev.bulwark.core.backup.LocalTargetOpener;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.jobs.BackupJobRunner;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobRecords;
import dev.bulwark.core.jobs.JobRuns;
import dev.bulwark.core.jobs.JobState;
import dev.bulwark.core.jobs.JobStore;
import dev.bulwark.core.reconcile.Controllers;
import dev.bulwark.core.reconcile.RuntimeServices;
import dev.bulwark.core.secrets.LocalSecrets;
import dev.bulwark.kubernetes.testing.ApiAudit;
import dev.bulwark.kubernetes.testing.KustomizeBase;
import dev.bulwark.kubernetes.testing.TestingApiServer;
import dev.bulwark.kubernetes.testing.TestingCustomResources;
import dev.bulwark.kubernetes.testing.UserInfo;
import io.fabric8.kubernetes.api.model.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures the operator's API writes per policy per hour in steady state (issue 14: Kubernetes
 * manners). Not a test of the build (its name keeps surefire from running it); run it with
 *
 * <pre>
 * mvn -o -B -q test -pl operator/kubernetes -am -Dtest=ApiWritesBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.policies=4] [-Dbench.hours=1]
 * </pre>
 *
 * <p>The operator runs as the shipped Deployment's ServiceAccount on the strict stand-in API server
 * with the default cadence (an incremental every 5 minutes, a full at 02:00 UTC), real in-process
 * backup jobs of a few small files into local repositories, and a clock {@value #COMPRESSION} times
 * faster than real time (the runtime divides its requeue delays by the same factor, so the
 * controllers look at each policy every 30 s of clock time, as in production). Each policy starts
 * with a day of job history, so the 24-hour success rate slides as it does in steady state. After a
 * warm-up, every create, update, patch and delete the operator sends is counted for the given clock
 * hours and printed per policy per hour, by kind of write. Leader election is off: its Lease
 * renewals are per operator, not per policy.
 */
class ApiWritesBenchmark {
  private static final String NAMESPACE = "team-a";
  private static final long COMPRESSION = 60;
  private static final Instant START = Instant.parse("2026-03-02T09:57:00Z");
  private static final Duration WARM_UP = Duration.ofMinutes(8);
  private static final List<String> WRITES =
      List.of("create", "update", "patch", "delete", "deletecollection");

  @Test
  void apiWritesPerPolicyPerHourInSteadyState(@TempDir Path tmp) throws Exception {
    int policies = Integer.getInteger("bench.policies", 4);
    long hours = Long.getLong("bench.hours", 1);
    KustomizeBase base = KustomizeBase.shipped();
    FastClock clock = new FastClock(START, COMPRESSION);
    StatePaths state = new StatePaths(tmp.resolve("state"));
    try (TestingApiServer api = TestingApiServer.start()) {
      api.apply(base);
      UserInfo operator = base.serviceAccount();
      JobStore jobs = new JobStore(state);
      for (int i = 1; i <= policies; i++) {
        seedADayOfJobs(jobs, "p" + i, clock.instant());
      }
      try (KubernetesRuntime runtime =
          new KubernetesRuntime(
              api.clientAs(operator),
              Controllers.standard(Environment.of(Map.of())),
              clock,
              KubernetesRuntimeSettings.defaults().withTimeCompression(COMPRESSION),
              jobServices(state, clock, policies))) {
        runtime.start();
        for (int i = 1; i <= policies; i++) {
          Path data = Files.createDirectories(tmp.resolve("data/p" + i));
          for (int f = 0; f < 3; f++) {
            Files.writeString(
                data.resolve("o" + f + ".json"), "{\"id\": " + i + ", \"f\": " + f + "}");
          }
          BackupPolicyResource policy = TestingCustomResources.backupPolicy("p" + i);
          policy.getSpec().getSources().get(0).setPath(data.toString());
          policy.getMetadata().setNamespace(NAMESPACE);
          api.admin().resource(policy).create();
        }
        sleepUntil(clock, START.plus(WARM_UP));
        Instant from = clock.instant();
        int before = api.audit().by(operator).size();
        sleepUntil(clock, from.plus(Duration.ofHours(hours)));
        Instant to = clock.instant();
        List<ApiAudit.Entry> window = api.audit().by(operator);
        window = window.subList(before, window.size());

        double clockHours = Duration.between(from, to).toMillis() / 3_600_000.0;
        Map<String, Integer> byKind = new TreeMap<>();
        int writes = 0;
        for (ApiAudit.Entry entry : window) {
          if (WRITES.contains(entry.request().verb())) {
            writes++;
            byKind.merge(entry.request().permission(), 1, Integer::sum);
          }
        }
        long jobsRun = countJobs(jobs, policies, r -> !r.startedAt().isBefore(from));
        System.out.printf(
            "API writes: %d policies, %.2f clock hours (%s .. %s), %d jobs ended in the window%n",
            policies, clockHours, from, to, jobsRun);
        byKind.forEach(
            (kind, count) ->
                System.out.printf(
                    "  %-50s %7.1f per policy per hour%n", kind, count / clockHours / policies));
        System.out.printf("API WRITES PER POLICY PER HOUR: %.1f%n", writes / clockHours / policies);
        Map<String, Integer> events = new TreeMap<>();
        for (Event event : api.admin().v1().events().inNamespace(NAMESPACE).list().getItems()) {
          String message = event.getMessage() == null ? "" : event.getMessage();
          events.merge(
              event.getReason() + ": " + message.replaceAll("[0-9][0-9TZ:.-]{7,}", "<time>"),
              1,
              Integer::sum);
        }
        System.out.println("Events recorded since the start, by reason and message:");
        events.forEach((what, count) -> System.out.printf("  %4d  %s%n", count, what));
        assertThat(window).as("requests in the measured window").isNotEmpty();
      }
    }
  }

  /**
   * A day of successful jobs before {@code now}, every 5 minutes, the one at 02:00 a full: what a
   * policy that ran a day has.
   */
  private static void seedADayOfJobs(JobStore jobs, String policy, Instant now) {
    Instant began = now.minus(Duration.ofHours(24)).plusSeconds(60);
    began = began.minusSeconds(began.getEpochSecond() % 300);
    for (; began.isBefore(now.minusSeconds(60)); began = began.plusSeconds(300)) {
      boolean full =
          began.atZone(ZoneOffset.UTC).getHour() == 2 && began.getEpochSecond() % 3600 == 0;
      jobs.write(
          NamespacedJobs.in(
              NAMESPACE, JobRecords.succeeded(policy, full ? "full" : "incremental", began)));
    }
  }

  private static long countJobs(JobStore jobs, int policies, Predicate<JobRecord> which) {
    long count = 0;
    for (int i = 1; i <= policies; i++) {
      count +=
          jobs.recent(Optional.of(NAMESPACE), "p" + i, JobStore.KEPT_PER_POLICY).stream()
              .filter(r -> r.state() == JobState.SUCCESS && r.startedAt() != null)
              .filter(which)
              .count();
    }
    return count;
  }

  private static RuntimeServices jobServices(StatePaths state, Clock clock, int concurrency) {
    Environment environment = Environment.of(Map.of());
    PolicyRepositories repositories =
        new PolicyRepositories(
            environment,
            Map.of(TargetProvider.LOCAL, new LocalTargetOpener(state.root())),
            clock,
            new LocalSecrets(environment));
    return RuntimeServices.of(
        JobRuns.inProcess(
            BackupJobRunner.builder(repositories, environment, state).clock(clock).build(),
            concurrency),
        AlertSink.none(),
        new AuditLog(state.auditLog()));
  }

  private static void sleepUntil(Clock clock, Instant at) throws InterruptedException {
    while (clock.instant().isBefore(at)) {
      Thread.sleep(50);
    }
  }

  /** A clock that starts at a given time and runs {@code factor} times faster than real time. */
  private static final class FastClock extends Clock {
    private final Instant origin;
    private final long factor;
    private final long startNanos = System.nanoTime();

    FastClock(Instant origin, long factor) {
      this.origin = origin;
      this.factor = factor;
    }

    @Override
    public Instant instant() {
      return origin.plusNanos((System.nanoTime() - startNanos) * factor);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("UTC only");
    }
  }
}
