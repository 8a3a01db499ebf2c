package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.engine.target.Target;
import dev.bulwark.targets.lifecycle.LifecyclePolicy;
import dev.bulwark.targets.lifecycle.LifecycleRule;
import dev.bulwark.targets.lifecycle.TieredTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bulwark lifecycle} on a bucket, run in-process: the same tests on S3 (S3Mock) and OSS (the
 * OSS test server), each with its own bucket and a policy whose target keeps keys under {@code
 * tenant/}. Every run's output is searched for the store's secret.
 */
abstract class LifecycleCommandTest {
  /** The secret every store is configured with; it must never be printed. */
  static final String SECRET = "lifecycle-s3cr3t-DO-NOT-PRINT-41c9";

  /** The name of the policy under test. */
  static final String POLICY = "teaching";

  @TempDir Path work;

  private final List<String> printed = new ArrayList<>();
  private TieredTarget target;

  /** Starts a fresh, empty bucket for one test. */
  abstract void startBucket() throws Exception;

  /**
   * The {@code spec.target} and {@code spec.targets} lines of the policy (YAML, 2-space indent).
   */
  abstract String targetYaml();

  /** The environment the command reads: credentials and whatever the YAML leaves out. */
  abstract Map<String, String> env();

  /** A target on the test bucket with the policy's key prefix, to seed objects and read rules. */
  abstract TieredTarget openTarget() throws Exception;

  /** The store's hot storage class name as listings report it. */
  abstract String defaultColdClass();

  @BeforeEach
  void setUp() throws Exception {
    startBucket();
    target = openTarget();
    writePolicy(180);
  }

  @AfterEach
  void noSecretPrinted() throws Exception {
    ((Target) target).close();
    assertThat(String.join("\n", printed)).doesNotContain(SECRET);
  }

  @Test
  void reconcileCreatesTheRulesAndASecondRunChangesNothing() throws Exception {
    Run first = lifecycle(Clock.systemUTC(), "--policy", POLICY);

    assertThat(first.exit()).as(first.text()).isZero();
    assertThat(first.out())
        .contains("created bulwark-tenant/backups/test/[policy=teaching,tier=hot]")
        .contains("to " + defaultColdClass() + " after 30 days")
        .contains("created bulwark-tenant/backups/test/[expire_after_days=180,policy=teaching]")
        .contains("created bulwark-tenant/backups/test/[expire_after_days=189,policy=teaching]")
        .contains("lifecycle in effect");
    assertThat(ownedRules()).hasSize(5);

    Run second = lifecycle(Clock.systemUTC(), "--policy", POLICY);
    assertThat(second.exit()).isZero();
    assertThat(second.out().lines().filter(l -> l.startsWith("unchanged "))).hasSize(5);
    assertThat(second.out()).doesNotContain("created").contains("(0 changed)");
  }

  @Test
  void changingColdDaysRetiresTheStaleRulesUntilTheirObjectsExpiredAndKeepsForeignRules()
      throws Exception {
    target
        .lifecycle()
        .reconcile(new LifecyclePolicy("ops-", "logs/", Map.of(), 1, 7, defaultColdClass()));
    List<LifecycleRule> foreign = foreignRules();
    assertThat(lifecycle(Clock.systemUTC(), "--policy", POLICY).exit()).isZero();

    writePolicy(90);
    Run shorter = lifecycle(Clock.systemUTC(), "--policy", POLICY);

    assertThat(shorter.exit()).as(shorter.text()).isZero();
    assertThat(shorter.out())
        .contains("created bulwark-tenant/backups/test/[expire_after_days=90,policy=teaching]")
        .contains("retired bulwark-tenant/backups/test/[expire_after_days=180,policy=teaching]");
    assertThat(ownedRules())
        .extracting(LifecycleRule::id)
        .filteredOn(id -> id.contains("@retired-"))
        .hasSize(4);

    Clock afterEveryOldObject = shifted(Duration.ofDays(200));
    Run later = lifecycle(afterEveryOldObject, "--policy", POLICY);
    assertThat(later.exit()).as(later.text()).isZero();
    assertThat(later.out().lines().filter(l -> l.startsWith("removed "))).hasSize(4);
    assertThat(ownedRules())
        .extracting(r -> r.expirationDays().orElse(0))
        .containsExactlyInAnyOrder(0, 90, 91, 98, 99);
    assertThat(foreignRules()).isEqualTo(foreign);
  }

  @Test
  void checkChangesNothingAndSaysWhetherTheRulesAreInPlace() throws Exception {
    Run missing = lifecycle(Clock.systemUTC(), "--policy", POLICY, "--check");
    assertThat(missing.exit()).as(missing.text()).isEqualTo(1);
    assertThat(missing.out()).contains("missing bulwark-").contains("lifecycle not in effect");
    assertThat(ownedRules()).isEmpty();

    assertThat(lifecycle(Clock.systemUTC(), "--policy", POLICY).exit()).isZero();
    Run inPlace = lifecycle(Clock.systemUTC(), "--policy", POLICY, "--check", "--json");
    assertThat(inPlace.exit()).as(inPlace.text()).isZero();
    assertThat(inPlace.out())
        .contains("\"effective\" : true")
        .contains("\"policy\" : \"teaching\"")
        .contains("in place bulwark-");
  }

  @Test
  void anObjectStillHotPastItsHotWindowMeansLifecycleIsNotInEffect() throws Exception {
    assertThat(lifecycle(Clock.systemUTC(), "--policy", POLICY).exit()).isZero();
    ((Target) target)
        .put(
            "backups/test/2026-01-01/20260101T000000Z-abcdef/packs/p.tar.zst",
            new byte[] {1, 2, 3},
            Map.of("tier", "hot", "policy", POLICY, "expire_after_days", "189"));
    ((Target) target).put("backups/test/locks/teaching.json", new byte[] {4}, Map.of());

    Run now = lifecycle(Clock.systemUTC(), "--policy", POLICY, "--check");
    assertThat(now.exit()).as(now.text()).isZero();

    Run later = lifecycle(shifted(Duration.ofDays(40)), "--policy", POLICY, "--check");
    assertThat(later.exit()).as(later.text()).isEqualTo(1);
    assertThat(later.out())
        .contains("lifecycle not in effect")
        .contains("still hot: backups/test/2026-01-01/20260101T000000Z-abcdef/packs/p.tar.zst")
        .doesNotContain("locks/teaching.json");
  }

  @Test
  void badInputIsAUsageErrorThatNamesTheProblem() throws Exception {
    Run unknownClass = lifecycle(Clock.systemUTC(), "--policy", POLICY, "--cold-class", "FREEZER");
    assertThat(unknownClass.exit()).isEqualTo(2);
    assertThat(unknownClass.err()).contains("BackupPolicy/teaching").contains("'FREEZER'");
    assertThat(ownedRules()).isEmpty();

    Run unknownPolicy = lifecycle(Clock.systemUTC(), "--policy", "nope");
    assertThat(unknownPolicy.exit()).isEqualTo(2);
    assertThat(unknownPolicy.err()).contains("nope");
  }

  @Test
  void theLocalTargetIsPrunedNotTiered() throws Exception {
    Run local = lifecycle(Clock.systemUTC(), "--policy", POLICY, "--target", "local");

    assertThat(local.exit()).as(local.text()).isZero();
    assertThat(local.out()).contains("local target").contains("bulwark prune");
  }

  /** Runs {@code bulwark lifecycle} in-process on {@code clock} with {@link #env()}. */
  Run lifecycle(Clock clock, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--policies", work.resolve("policies").toString(),
            "--state", work.resolve("state").toString()));
    int exit =
        new CommandLine(new LifecycleCommand(env(), clock))
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(all.toArray(String[]::new));
    Run run = new Run(exit, out.toString(), err.toString());
    printed.add(run.text());
    return run;
  }

  void writePolicy(int coldDays) throws Exception {
    Files.createDirectories(work.resolve("policies"));
    Files.createDirectories(work.resolve("data"));
    Files.writeString(
        work.resolve("policies/teaching.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: teaching}
        spec:
          env: test
        %s
          retention: {hotDays: 30, coldDays: %d}
          sources: [{path: %s, domain: teaching_data, priority: P0}]
        """
            .formatted(targetYaml(), coldDays, work.resolve("data")));
  }

  private List<LifecycleRule> ownedRules() throws Exception {
    return target.lifecycle().rules().stream().filter(r -> r.ownedBy("bulwark-")).toList();
  }

  private List<LifecycleRule> foreignRules() throws Exception {
    return target.lifecycle().rules().stream().filter(r -> !r.ownedBy("bulwark-")).toList();
  }

  private static Clock shifted(Duration ahead) {
    return Clock.fixed(Instant.now().plus(ahead), ZoneOffset.UTC);
  }

  /** One command run. */
  record Run(int exit, String out, String err) {
    String text() {
      return "exit " + exit + "\n" + out + err;
    }
  }
}
