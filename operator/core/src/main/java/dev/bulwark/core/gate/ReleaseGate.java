package dev.bulwark.core.gate;

import dev.bulwark.core.gate.GateDecision.DrillEvidence;
import dev.bulwark.core.gate.GateDecision.PolicyEvidence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The release gate of R17, as a pure function of the facts, the settings and the time. For each
 * policy it covers, the gate is blocked when:
 *
 * <ul>
 *   <li>the policy or one of its drills is invalid or unreadable (Valid False);
 *   <li>no drill of the policy succeeded within {@link GateSettings#drillWindow()}, or the newest
 *       run of one of its drills failed, or it has no drill at all;
 *   <li>its backups were not healthy for {@link GateSettings#healthWindow()}: no successful backup
 *       within the window, Healthy False now, or a job failed within the window (however many jobs
 *       followed: the status keeps the newest failure);
 *   <li>the newest verify of its repository failed, or a job found a corrupt snapshot since
 *       (Verified False), until a verify passes;
 *   <li>a pre-upgrade snapshot is required and the newest is missing or older than {@link
 *       GateSettings#preUpgradeMaxAge()}.
 * </ul>
 *
 * <p>It is also blocked when it covers no policy at all: a gate that vouches for nothing must not
 * let a release through by accident (a wrong namespace, a typo in {@code --policy}); and by every
 * policy file that cannot be tied to a resource ({@link UnattributedFile}), whatever the scope.
 */
public final class ReleaseGate {
  private ReleaseGate() {}

  /** The verdict on {@code inputs} at {@code now}. */
  public static GateDecision evaluate(GateInputs inputs, GateSettings settings, Instant now) {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(now, "now");
    Set<String> reasons = new LinkedHashSet<>();
    List<PolicyFacts> covered =
        inputs.policies().stream()
            .filter(p -> inputs.scope().map(p.name()::equals).orElse(true))
            .sorted(Comparator.comparing(PolicyFacts::name))
            .toList();
    if (covered.isEmpty()) {
      reasons.add(oneLine(noPolicy(inputs)));
    }
    List<DrillFacts> drills =
        inputs.drills().stream()
            .filter(d -> covered.stream().anyMatch(p -> d.covers(p.name())))
            .sorted(Comparator.comparing(DrillFacts::name))
            .toList();
    for (DrillFacts drill : drills) {
      if (drill.policyRef() == null) {
        reasons.add(
            oneLine(
                "RestoreDrill "
                    + drill.name()
                    + " is not valid ("
                    + drill.invalidReason()
                    + ") and names no policy that can be read, so it may drill any: fix its manifest (`bulwark validate`)"));
      }
    }
    for (UnattributedFile file : inputs.unattributedFiles()) {
      // Whatever the scope: the file may be the policy (or drill) that should block.
      reasons.add(
          oneLine(
              "policy file "
                  + file.file()
                  + " cannot be tied to a resource ("
                  + file.problem()
                  + "), so the gate cannot see what it declares: fix it (`bulwark validate`) or remove it"));
    }
    List<PolicyEvidence> evidence = new ArrayList<>();
    for (PolicyFacts policy : covered) {
      List<DrillFacts> own =
          drills.stream().filter(d -> policy.name().equals(d.policyRef())).toList();
      PolicyEvidence verdict = policyVerdict(policy, own, settings, now);
      evidence.add(verdict);
      reasons.addAll(verdict.reasons());
    }
    List<DrillEvidence> drillEvidence =
        drills.stream()
            .map(d -> new DrillEvidence(d.name(), Ages.seconds(d.lastSuccessAt(), now), d))
            .toList();
    return new GateDecision(
        reasons.isEmpty(),
        List.copyOf(reasons),
        now,
        inputs.scope().orElse(null),
        settings,
        evidence,
        drillEvidence,
        inputs.unattributedFiles());
  }

  private static PolicyEvidence policyVerdict(
      PolicyFacts policy, List<DrillFacts> drills, GateSettings settings, Instant now) {
    String name = policy.name();
    List<String> reasons = new ArrayList<>();
    if (!policy.valid()) {
      reasons.add(
          "BackupPolicy "
              + name
              + " is not valid ("
              + policy.invalidReason()
              + "): fix its manifest (`bulwark validate`)");
    }
    health(policy, settings, now, reasons);
    DrillFacts proof =
        drills.stream()
            .filter(d -> d.lastSuccessAt() != null)
            .max(Comparator.comparing(DrillFacts::lastSuccessAt))
            .orElse(null);
    drillReasons(name, drills, proof, settings, now, reasons);
    PolicyFacts.Snapshot preUpgrade = policy.lastPreUpgradeBackup();
    if (settings.requirePreUpgrade()) {
      preUpgradeReasons(name, preUpgrade, settings, now, reasons);
    }
    PolicyFacts.Snapshot last = policy.lastSuccessfulBackup();
    return new PolicyEvidence(
        name,
        reasons.isEmpty(),
        reasons.stream().map(ReleaseGate::oneLine).toList(),
        policy.healthy(),
        last == null ? null : last.jobId(),
        last == null ? null : Ages.seconds(last.finishedAt(), now),
        preUpgrade == null ? null : preUpgrade.jobId(),
        preUpgrade == null ? null : Ages.seconds(preUpgrade.finishedAt(), now),
        proof == null ? null : proof.name(),
        proof == null ? null : proof.lastSuccessAt(),
        proof == null ? null : Ages.seconds(proof.lastSuccessAt(), now),
        proof == null ? null : proof.lastSuccessSnapshot(),
        policy);
  }

  private static void health(
      PolicyFacts policy, GateSettings settings, Instant now, List<String> reasons) {
    String name = policy.name();
    String window = Ages.describe(settings.healthWindow());
    PolicyFacts.Snapshot last = policy.lastSuccessfulBackup();
    if (last == null || last.finishedAt() == null) {
      reasons.add(
          "BackupPolicy "
              + name
              + ": no successful backup yet; run `bulwark backup --policy "
              + name
              + "` or wait for its schedule, and check its Healthy condition");
    } else {
      Duration age = Ages.between(last.finishedAt(), now);
      if (age.compareTo(settings.healthWindow()) > 0) {
        reasons.add(
            "BackupPolicy "
                + name
                + ": no successful backup in the last "
                + window
                + " (newest: "
                + last.jobId()
                + ", "
                + Ages.describe(age)
                + " ago); check its Healthy condition and run `bulwark backup --policy "
                + name
                + "`");
      }
    }
    if ("False".equals(policy.healthy())) {
      reasons.add(
          "BackupPolicy "
              + name
              + ": Healthy is False ("
              + policy.healthMessage()
              + "); fix the cause: the next successful backup sets it True");
    }
    if ("False".equals(policy.verified())) {
      reasons.add(
          "BackupPolicy "
              + name
              + ": its repository did not verify ("
              + policy.verifyMessage()
              + "); the gate reopens when a verify passes");
    }
    PolicyFacts.FailedJob failed = policy.lastFailedJob();
    if (failed != null && failed.finishedAt() != null) {
      Duration age = Ages.between(failed.finishedAt(), now);
      if (age.compareTo(settings.healthWindow()) <= 0) {
        reasons.add(
            "BackupPolicy "
                + name
                + ": backup job "
                + failed.jobId()
                + " failed "
                + Ages.describe(age)
                + " ago"
                + (failed.error() == null ? "" : " (" + failed.error() + ")")
                + "; backups must be healthy for "
                + window
                + ": the gate reopens at "
                + failed.finishedAt().plus(settings.healthWindow())
                + " if no other job fails");
      }
    }
  }

  private static void drillReasons(
      String policy,
      List<DrillFacts> drills,
      DrillFacts proof,
      GateSettings settings,
      Instant now,
      List<String> reasons) {
    String window = Ages.describe(settings.drillWindow());
    if (drills.isEmpty()) {
      reasons.add(
          "BackupPolicy "
              + policy
              + ": no RestoreDrill refers to it; declare one (kind: RestoreDrill, spec.policyRef: "
              + policy
              + ") so its backups are proven to restore");
      return;
    }
    for (DrillFacts drill : drills) {
      if (!drill.valid()) {
        reasons.add(
            "RestoreDrill "
                + drill.name()
                + " (policy "
                + policy
                + ") is not valid ("
                + drill.invalidReason()
                + "): fix its manifest (`bulwark validate`)");
      }
    }
    if (proof == null) {
      reasons.add(
          "BackupPolicy "
              + policy
              + ": no restore drill has succeeded yet; run `bulwark drill --drill "
              + drills.get(0).name()
              + "` and fix what it reports");
    } else {
      Duration age = Ages.between(proof.lastSuccessAt(), now);
      if (age.compareTo(settings.drillWindow()) > 0) {
        reasons.add(
            "BackupPolicy "
                + policy
                + ": no restore drill succeeded in the last "
                + window
                + " (newest: "
                + proof.name()
                + ", "
                + Ages.describe(age)
                + " ago); run `bulwark drill --drill "
                + proof.name()
                + "` and fix what it reports");
      }
    }
    for (DrillFacts drill : drills) {
      if (Boolean.FALSE.equals(drill.lastRunSucceeded())) {
        reasons.add(
            "RestoreDrill "
                + drill.name()
                + " (policy "
                + policy
                + "): the last run failed"
                + (drill.lastRunFinishedAt() == null ? "" : " at " + drill.lastRunFinishedAt())
                + (drill.lastRunFailure() == null ? "" : ": " + drill.lastRunFailure())
                + "; fix it, then run `bulwark drill --drill "
                + drill.name()
                + "` until it passes");
      }
    }
  }

  private static void preUpgradeReasons(
      String policy,
      PolicyFacts.Snapshot preUpgrade,
      GateSettings settings,
      Instant now,
      List<String> reasons) {
    String fix = "take one now: `bulwark backup --policy " + policy + " --pre-upgrade`";
    if (preUpgrade == null || preUpgrade.finishedAt() == null) {
      reasons.add(
          "BackupPolicy "
              + policy
              + ": a pre-upgrade snapshot is required and there is none; "
              + fix);
      return;
    }
    Duration age = Ages.between(preUpgrade.finishedAt(), now);
    if (age.compareTo(settings.preUpgradeMaxAge()) > 0) {
      reasons.add(
          "BackupPolicy "
              + policy
              + ": the newest pre-upgrade snapshot "
              + preUpgrade.jobId()
              + " is "
              + Ages.describe(age)
              + " old (limit "
              + Ages.describe(settings.preUpgradeMaxAge())
              + "); "
              + fix);
    }
  }

  /** Reasons are one line each (CI prints one per line); messages from statuses may not be. */
  private static String oneLine(String reason) {
    return reason.replaceAll("\\s*\\R\\s*", " ");
  }

  private static String noPolicy(GateInputs inputs) {
    if (inputs.scope().isPresent()) {
      List<String> served = inputs.policies().stream().map(PolicyFacts::name).sorted().toList();
      return "no BackupPolicy named "
          + inputs.scope().get()
          + " is served here"
          + (served.isEmpty() ? "" : " (served: " + String.join(", ", served) + ")")
          + "; check --policy and the state directory or namespace";
    }
    return "no BackupPolicy is served: the gate has nothing to vouch for; declare a BackupPolicy and a RestoreDrill for it";
  }
}
