package dev.bulwark.core.gate;

import static dev.bulwark.core.gate.GateFixtures.failedRun;
import static dev.bulwark.core.gate.GateFixtures.healthyPolicy;
import static dev.bulwark.core.gate.GateFixtures.job;
import static dev.bulwark.core.gate.GateFixtures.passedDrill;
import static dev.bulwark.core.gate.GateFixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.core.Environment;
import dev.bulwark.core.gate.GateDecision.PolicyEvidence;
import dev.bulwark.engine.testing.TestingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseGateTest {
  private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
  private final TestingClock clock = TestingClock.at(START);
  private final GateSettings settings = GateSettings.defaults();

  private GateDecision evaluate(List<BackupPolicy> policies, List<RestoreDrill> drills) {
    return ReleaseGate.evaluate(StatusFacts.inputs(policies, drills), settings, clock.instant());
  }

  @Test
  void aDrillSixDaysOldKeepsTheGateOpenAndEightDaysOldBlocksIt() {
    RestoreDrill drill = passedDrill("weekly", "demo", START);
    clock.advance(Duration.ofDays(6));
    BackupPolicy policy = healthyPolicy("demo", clock.instant().minus(Duration.ofMinutes(5)));

    GateDecision sixDays = evaluate(List.of(policy), List.of(drill));
    assertThat(sixDays.open()).as(String.join("\n", sixDays.reasons())).isTrue();
    assertThat(sixDays.reasons()).isEmpty();
    PolicyEvidence evidence = sixDays.policies().get(0);
    assertThat(evidence.provenBy()).isEqualTo("weekly");
    assertThat(evidence.provenAt()).isEqualTo(START);
    assertThat(evidence.provenAgeSeconds()).isEqualTo(Duration.ofDays(6).getSeconds());
    assertThat(evidence.provenSnapshot()).isEqualTo("job-restored");
    assertThat(evidence.lastBackupAgeSeconds()).isEqualTo(300L);
    assertThat(evidence.healthy()).isEqualTo("True");

    clock.advance(Duration.ofDays(2));
    policy = healthyPolicy("demo", clock.instant().minus(Duration.ofMinutes(5)));
    GateDecision eightDays = evaluate(List.of(policy), List.of(drill));
    assertThat(eightDays.open()).isFalse();
    assertThat(eightDays.reasons())
        .containsExactly(
            "BackupPolicy demo: no restore drill succeeded in the last 7d (newest: weekly, 8d ago);"
                + " run `bulwark drill --drill weekly` and fix what it reports");
    assertThat(eightDays.policies().get(0).open()).isFalse();
  }

  @Test
  void twentyFourHoursWithoutASuccessfulBackupBlocks() {
    BackupPolicy policy = healthyPolicy("demo", START);
    clock.advance(Duration.ofHours(24));
    RestoreDrill drill = passedDrill("weekly", "demo", clock.instant());
    assertThat(evaluate(List.of(policy), List.of(drill)).open())
        .as("exactly 24h is still within")
        .isTrue();

    clock.advance(Duration.ofMinutes(1));
    GateDecision decision = evaluate(List.of(policy), List.of(drill));
    assertThat(decision.open()).isFalse();
    assertThat(decision.reasons())
        .singleElement()
        .asString()
        .startsWith("BackupPolicy demo: no successful backup in the last 24h (newest: job-")
        .contains("24h 1m ago")
        .contains("bulwark backup --policy demo");
  }

  @Test
  void aPolicyThatNeverBackedUpBlocks() {
    BackupPolicy policy = healthyPolicy("demo", START);
    policy.getStatus().setLastSuccessfulBackup(null);
    GateDecision decision =
        evaluate(List.of(policy), List.of(passedDrill("weekly", "demo", START)));
    assertThat(decision.reasons()).singleElement().asString().contains("no successful backup yet");
  }

  @Test
  void healthyFalseNowBlocks() {
    BackupPolicy policy = healthyPolicy("demo", START);
    policy
        .getStatus()
        .conditions()
        .set(
            ConditionType.HEALTHY,
            false,
            ConditionReason.BACKUPS_FAILING,
            "2 consecutive failures",
            1L,
            START);
    GateDecision decision =
        evaluate(List.of(policy), List.of(passedDrill("weekly", "demo", START)));
    assertThat(decision.open()).isFalse();
    assertThat(decision.reasons())
        .contains(
            "BackupPolicy demo: Healthy is False (BackupsFailing: 2 consecutive failures);"
                + " fix the cause: the next successful backup sets it True");
    assertThat(decision.policies().get(0).healthy()).isEqualTo("False");
  }

  @Test
  void aFailedJobWithinTheHealthWindowBlocksUntilItIsOlder() {
    Instant failedAt = START.minus(Duration.ofHours(3));
    BackupPolicy policy = healthyPolicy("demo", START);
    policy.getStatus().getRecentJobs().add(job("job-failed", "failed", failedAt));
    RestoreDrill drill = passedDrill("weekly", "demo", START);

    GateDecision decision = evaluate(List.of(policy), List.of(drill));
    assertThat(decision.reasons())
        .singleElement()
        .asString()
        .startsWith(
            "BackupPolicy demo: backup job job-failed failed 3h ago (target unreachable: connection refused)")
        .contains("the gate reopens at " + failedAt.plus(Duration.ofHours(24)));

    clock.advance(Duration.ofHours(22));
    BackupPolicy later = healthyPolicy("demo", clock.instant());
    later.getStatus().getRecentJobs().add(job("job-failed", "failed", failedAt));
    assertThat(evaluate(List.of(later), List.of(drill)).open()).isTrue();
  }

  @Test
  void aCanceledJobIsNotAFailure() {
    BackupPolicy policy = healthyPolicy("demo", START);
    policy.getStatus().getRecentJobs().add(job("job-canceled", "canceled", START.minusSeconds(60)));
    assertThat(evaluate(List.of(policy), List.of(passedDrill("weekly", "demo", START))).open())
        .isTrue();
  }

  @Test
  void aRequiredPreUpgradeSnapshotMustExistAndBeRecent() {
    BackupPolicy policy = healthyPolicy("demo", START);
    RestoreDrill drill = passedDrill("weekly", "demo", START);
    GateInputs inputs = StatusFacts.inputs(List.of(policy), List.of(drill));
    GateSettings required = settings.withRequirePreUpgrade(true);

    assertThat(ReleaseGate.evaluate(inputs, settings, START).open()).as("not required").isTrue();
    GateDecision missing = ReleaseGate.evaluate(inputs, required, START);
    assertThat(missing.reasons())
        .containsExactly(
            "BackupPolicy demo: a pre-upgrade snapshot is required and there is none;"
                + " take one now: `bulwark backup --policy demo --pre-upgrade`");

    policy
        .getStatus()
        .setLastPreUpgradeBackup(
            ref("job-pre", "full", START.minus(Duration.ofHours(30)), "pre-upgrade"));
    inputs = StatusFacts.inputs(List.of(policy), List.of(drill));
    GateDecision old = ReleaseGate.evaluate(inputs, required, START);
    assertThat(old.reasons())
        .containsExactly(
            "BackupPolicy demo: the newest pre-upgrade snapshot job-pre is 30h old (limit 24h);"
                + " take one now: `bulwark backup --policy demo --pre-upgrade`");
    assertThat(old.policies().get(0).preUpgradeJobId()).isEqualTo("job-pre");
    assertThat(old.policies().get(0).preUpgradeAgeSeconds()).isEqualTo(30 * 3600L);

    policy
        .getStatus()
        .setLastPreUpgradeBackup(
            ref("job-pre2", "full", START.minus(Duration.ofMinutes(10)), "pre-upgrade"));
    inputs = StatusFacts.inputs(List.of(policy), List.of(drill));
    assertThat(ReleaseGate.evaluate(inputs, required, START).open()).isTrue();
  }

  @Test
  void narrowingCoversOnePolicyAndItsDrillsOnly() {
    BackupPolicy good = healthyPolicy("good", START);
    BackupPolicy stale = healthyPolicy("stale", START);
    List<RestoreDrill> drills =
        List.of(
            passedDrill("good-drill", "good", START),
            passedDrill("stale-drill", "stale", START.minus(Duration.ofDays(9))));
    GateInputs all = StatusFacts.inputs(List.of(good, stale), drills);

    GateDecision whole = ReleaseGate.evaluate(all, settings, START);
    assertThat(whole.open()).isFalse();
    assertThat(whole.reasons()).singleElement().asString().startsWith("BackupPolicy stale:");

    GateDecision onlyGood = ReleaseGate.evaluate(all.narrowedTo("good"), settings, START);
    assertThat(onlyGood.open()).isTrue();
    assertThat(onlyGood.scope()).isEqualTo("good");
    assertThat(onlyGood.policies()).extracting(PolicyEvidence::name).containsExactly("good");
    assertThat(onlyGood.drills())
        .extracting(GateDecision.DrillEvidence::name)
        .containsExactly("good-drill");

    assertThat(ReleaseGate.evaluate(all.narrowedTo("stale"), settings, START).open()).isFalse();

    GateDecision unknown = ReleaseGate.evaluate(all.narrowedTo("typo"), settings, START);
    assertThat(unknown.open()).isFalse();
    assertThat(unknown.reasons())
        .containsExactly(
            "no BackupPolicy named typo is served here (served: good, stale); check --policy and the state directory or namespace");
  }

  @Test
  void aPolicyWithoutADrillBlocksAndSaysToDeclareOne() {
    GateDecision decision =
        evaluate(
            List.of(healthyPolicy("demo", START)),
            List.of(passedDrill("other", "elsewhere", START)));
    assertThat(decision.reasons())
        .containsExactly(
            "BackupPolicy demo: no RestoreDrill refers to it; declare one (kind: RestoreDrill, spec.policyRef: demo)"
                + " so its backups are proven to restore");
    assertThat(decision.drills()).as("a drill of an uncovered policy is no evidence").isEmpty();
  }

  @Test
  void aDrillThatNeverSucceededBlocks() {
    RestoreDrill drill = passedDrill("weekly", "demo", START);
    drill.getStatus().setLastSuccessAt(null);
    drill.getStatus().setLastRun(null);
    drill.getStatus().setRecentRuns(null);
    GateDecision decision = evaluate(List.of(healthyPolicy("demo", START)), List.of(drill));
    assertThat(decision.reasons())
        .singleElement()
        .asString()
        .contains("no restore drill has succeeded yet; run `bulwark drill --drill weekly`");
  }

  @Test
  void aFailedNewestDrillRunBlocksWithItsReasonEvenAfterARecentSuccess() {
    RestoreDrill drill =
        failedRun(
            passedDrill("weekly", "demo", START.minus(Duration.ofDays(1))),
            START.minus(Duration.ofHours(1)),
            "sha256 mismatch in raw/exams/e1.json");
    GateDecision decision = evaluate(List.of(healthyPolicy("demo", START)), List.of(drill));
    assertThat(decision.open()).isFalse();
    assertThat(decision.reasons())
        .containsExactly(
            "RestoreDrill weekly (policy demo): the last run failed at 2026-03-02T07:00:00Z: sha256 mismatch in"
                + " raw/exams/e1.json; fix it, then run `bulwark drill --drill weekly` until it passes");
    assertThat(decision.policies().get(0).provenBy())
        .as("the earlier success is still shown")
        .isEqualTo("weekly");
  }

  @Test
  void anyPassingDrillOfThePolicyProvesIt() {
    RestoreDrill old = passedDrill("monthly", "demo", START.minus(Duration.ofDays(20)));
    RestoreDrill recent = passedDrill("weekly", "demo", START.minus(Duration.ofDays(2)));
    GateDecision decision = evaluate(List.of(healthyPolicy("demo", START)), List.of(old, recent));
    assertThat(decision.open()).isTrue();
    assertThat(decision.policies().get(0).provenBy()).isEqualTo("weekly");
  }

  @Test
  void invalidResourcesBlock() {
    BackupPolicy policy = healthyPolicy("demo", START);
    RestoreDrill drill = passedDrill("weekly", "demo", START);
    drill
        .getStatus()
        .conditions()
        .set(
            ConditionType.VALID,
            false,
            ConditionReason.SPEC_INVALID,
            "spec.level: unknown value L9",
            2L,
            START);
    GateDecision decision = evaluate(List.of(policy), List.of(drill));
    assertThat(decision.reasons())
        .containsExactly(
            "RestoreDrill weekly (policy demo) is not valid (SpecInvalid: spec.level: unknown value L9): fix its manifest (`bulwark validate`)");

    policy
        .getStatus()
        .conditions()
        .set(
            ConditionType.VALID,
            false,
            ConditionReason.DOCUMENT_UNREADABLE,
            "demo.yaml:3:1 mapping expected",
            2L,
            START);
    assertThat(evaluate(List.of(policy), List.of(passedDrill("weekly", "demo", START))).reasons())
        .containsExactly(
            "BackupPolicy demo is not valid (DocumentUnreadable: demo.yaml:3:1 mapping expected): fix its manifest (`bulwark validate`)");
  }

  @Test
  void anUnreadableDrillOfUnknownPolicyBlocksEveryPolicy() {
    DrillFacts unreadable =
        StatusFacts.drill("broken", null, null, passedDrill("broken", "x", START).getStatus());
    DrillFacts invalid =
        new DrillFacts(
            "broken",
            null,
            null,
            false,
            "DocumentUnreadable: broken.yaml:4:2",
            null,
            null,
            null,
            null,
            null);
    GateInputs inputs =
        GateInputs.of(
            List.of(StatusFacts.policy(healthyPolicy("demo", START))),
            List.of(StatusFacts.drill(passedDrill("weekly", "demo", START)), invalid));
    assertThat(unreadable.covers("anything")).isTrue();
    GateDecision decision = ReleaseGate.evaluate(inputs.narrowedTo("demo"), settings, START);
    assertThat(decision.reasons())
        .containsExactly(
            "RestoreDrill broken is not valid (DocumentUnreadable: broken.yaml:4:2) and names no policy that can be"
                + " read, so it may drill any: fix its manifest (`bulwark validate`)");
  }

  @Test
  void aPolicyFileNoResourceCanBeReadFromBlocksBesideAGreenPolicyWhateverTheScope() {
    GateInputs green =
        GateInputs.of(
            List.of(StatusFacts.policy(healthyPolicy("demo", START))),
            List.of(StatusFacts.drill(passedDrill("weekly", "demo", START))));
    assertThat(ReleaseGate.evaluate(green, settings, START).open()).isTrue();

    GateInputs withBinary =
        green.withUnattributedFiles(
            List.of(
                new UnattributedFile(
                    "binary.yaml", "1: yaml: cannot be read: special characters are not allowed")));
    GateDecision decision = ReleaseGate.evaluate(withBinary, settings, START);
    assertThat(decision.open()).isFalse();
    assertThat(decision.reasons())
        .containsExactly(
            "policy file binary.yaml cannot be tied to a resource (1: yaml: cannot be read: special characters are not"
                + " allowed), so the gate cannot see what it declares: fix it (`bulwark validate`) or remove it");
    assertThat(decision.unattributedFiles())
        .extracting(UnattributedFile::file)
        .containsExactly("binary.yaml");
    assertThat(ReleaseGate.evaluate(withBinary.narrowedTo("demo"), settings, START).open())
        .as("the file may be the narrowed-to policy itself")
        .isFalse();
    assertThat(ReleaseGate.evaluate(decision.inputs(), settings, START).reasons())
        .as("evaluated again from the decision's evidence, as gate check does")
        .isEqualTo(decision.reasons());
  }

  @Test
  void noPolicyAtAllBlocks() {
    GateDecision decision = evaluate(List.of(), List.of());
    assertThat(decision.open()).isFalse();
    assertThat(decision.reasons())
        .singleElement()
        .asString()
        .startsWith("no BackupPolicy is served");
  }

  @Test
  void everyReasonIsOneLineAndReasonsAreNotRepeated() {
    BackupPolicy policy = healthyPolicy("demo", START.minus(Duration.ofDays(3)));
    policy
        .getStatus()
        .conditions()
        .set(
            ConditionType.HEALTHY, false, ConditionReason.BACKUPS_FAILING, "two\nlines", 1L, START);
    GateDecision decision =
        ReleaseGate.evaluate(
            StatusFacts.inputs(List.of(policy), List.of()),
            settings.withRequirePreUpgrade(true),
            START);
    assertThat(decision.reasons()).hasSize(4).doesNotHaveDuplicates();
    assertThat(decision.reasons()).allSatisfy(r -> assertThat(r).doesNotContain("\n"));
  }

  @Test
  void windowsComeFromTheEnvironment() {
    GateSettings fromEnv =
        GateSettings.from(
            Environment.of(
                Map.of(
                    Environment.BULWARK_GATE_DRILL_WINDOW, "3d",
                    Environment.BULWARK_GATE_HEALTH_WINDOW, "PT12H",
                    Environment.BULWARK_GATE_PRE_UPGRADE_MAX_AGE, "90m")));
    assertThat(fromEnv)
        .isEqualTo(
            new GateSettings(
                Duration.ofDays(3), Duration.ofHours(12), Duration.ofMinutes(90), false));
    assertThat(GateSettings.from(Environment.of(Map.of()))).isEqualTo(GateSettings.defaults());
    assertThatThrownBy(
            () ->
                GateSettings.from(
                    Environment.of(Map.of(Environment.BULWARK_GATE_DRILL_WINDOW, "a week"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("BULWARK_GATE_DRILL_WINDOW: 'a week' is not a duration");

    RestoreDrill drill = passedDrill("weekly", "demo", START.minus(Duration.ofDays(4)));
    GateInputs inputs = StatusFacts.inputs(List.of(healthyPolicy("demo", START)), List.of(drill));
    assertThat(ReleaseGate.evaluate(inputs, settings, START).open()).isTrue();
    assertThat(ReleaseGate.evaluate(inputs, fromEnv, START).reasons())
        .singleElement()
        .asString()
        .contains("in the last 3d (newest: weekly, 4d ago)");
  }
}
