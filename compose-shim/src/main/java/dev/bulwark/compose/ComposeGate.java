package dev.bulwark.compose;

import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.RestoreDrillStatus;
import dev.bulwark.core.gate.DrillFacts;
import dev.bulwark.core.gate.GateDecision;
import dev.bulwark.core.gate.GateFile;
import dev.bulwark.core.gate.GateInputs;
import dev.bulwark.core.gate.GateSettings;
import dev.bulwark.core.gate.PolicyFacts;
import dev.bulwark.core.gate.ReleaseGate;
import dev.bulwark.core.gate.StatusFacts;
import dev.bulwark.core.gate.UnattributedFile;
import dev.bulwark.manifests.ResourceKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The release gate of compose mode: evaluates {@link ReleaseGate} over the latest status of every
 * resource the runtime knows (deleted ones aside; invalid ones block) and the policy files no
 * resource can be read from (they block too), and writes {@code <state>/gate.json} when the verdict
 * or its facts change, and at least every {@link #REWRITE} so CI can tell a live gate from a stale
 * one. It logs the verdict when it flips, not each time a reason's wording moves. Runs on the
 * reconcile thread only.
 *
 * <p>The loop settles after every task, but most tasks of an idle daemon (a history poll that
 * decides the same status) change nothing the gate reads; evaluating every policy after each of
 * them made the idle cost grow with the square of the policy count. So {@link #settle} evaluates
 * only when a status or the unattributable files changed since the last evaluation, or when {@link
 * ReconcileLoop#SETTLE_INTERVAL} has passed, since ages move with time alone.
 */
final class ComposeGate {
  /** The longest a written evaluatedAt may lag behind the runtime's clock. */
  static final Duration REWRITE = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(ComposeGate.class);

  private final ResourceTable table;
  private final Supplier<List<UnattributedFile>> unattributed;
  private final GateFile file;
  private final GateSettings settings;
  private final Clock clock;
  private final AtomicBoolean changed;
  private GateDecision written;
  private Boolean loggedOpen;
  private Instant evaluatedAt;
  private long evaluatedNanos;

  /**
   * @param unattributed the policy files no resource can be read from; each blocks
   * @param changed set by whoever changes a status or the unattributable files; cleared here
   */
  ComposeGate(
      ResourceTable table,
      Supplier<List<UnattributedFile>> unattributed,
      GateFile file,
      GateSettings settings,
      Clock clock,
      AtomicBoolean changed) {
    this.changed = changed;
    this.table = table;
    this.unattributed = unattributed;
    this.file = file;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * The settle step: {@link #refresh} when something the gate reads changed, or when {@link
   * ReconcileLoop#SETTLE_INTERVAL} has passed since the last evaluation on the runtime's clock or
   * in real time.
   */
  void settle() {
    boolean due =
        evaluatedAt == null
            || System.nanoTime() - evaluatedNanos >= ReconcileLoop.SETTLE_INTERVAL.toNanos()
            || Duration.between(evaluatedAt, clock.instant())
                    .compareTo(ReconcileLoop.SETTLE_INTERVAL)
                >= 0;
    if (changed.getAndSet(false) || due) {
      refresh();
    }
  }

  /** Evaluates the gate now and writes it if anything but the ages changed, or it is due. */
  void refresh() {
    Instant now = clock.instant();
    changed.set(false); // this evaluation reads every status as it is now
    evaluatedAt = now;
    evaluatedNanos = System.nanoTime();
    GateDecision decision = ReleaseGate.evaluate(inputs(), settings, now);
    boolean changed = !decision.sameVerdictAs(written);
    if (!changed && Duration.between(written.evaluatedAt(), now).compareTo(REWRITE) < 0) {
      return;
    }
    try {
      file.write(decision);
    } catch (RuntimeException e) {
      LOG.error(
          "cannot write the release gate {}: {}; trying again after the next reconcile",
          file.path(),
          e.getMessage());
      return;
    }
    log(decision);
    written = decision;
  }

  /**
   * One line when the verdict (open or blocked) changes, and at start. Reasons carry ages and
   * counts that move all the time; they are in gate.json, and at DEBUG here.
   */
  private void log(GateDecision decision) {
    if (loggedOpen != null && loggedOpen == decision.open()) {
      if (!decision.open() && !decision.reasons().equals(written.reasons())) {
        LOG.debug("release gate still blocked: {}", String.join(" | ", decision.reasons()));
      }
      return;
    }
    loggedOpen = decision.open();
    if (decision.open()) {
      LOG.info("release gate open ({} policies proven)", decision.policies().size());
    } else {
      LOG.warn(
          "release gate blocked ({} reasons, in {}): {}",
          decision.reasons().size(),
          file.path().getFileName(),
          String.join(" | ", decision.reasons()));
    }
  }

  private GateInputs inputs() {
    List<PolicyFacts> policies = new ArrayList<>();
    List<DrillFacts> drills = new ArrayList<>();
    for (TrackedResource tracked : table.all()) {
      if (tracked.deleted || (tracked.status == null && tracked.served == null)) {
        continue;
      }
      String name = tracked.key.name();
      if (tracked.key.kind() == ResourceKind.BACKUP_POLICY) {
        policies.add(StatusFacts.policy(name, (BackupPolicyStatus) tracked.status));
      } else if (tracked.key.kind() == ResourceKind.RESTORE_DRILL) {
        RestoreDrillStatus status = (RestoreDrillStatus) tracked.status;
        if (tracked.served instanceof RestoreDrill drill && drill.getSpec() != null) {
          String level =
              drill.getSpec().getLevel() == null ? null : drill.getSpec().getLevel().name();
          drills.add(StatusFacts.drill(name, drill.getSpec().getPolicyRef(), level, status));
        } else {
          // Not served (invalid or unreadable): its spec, and so its policy, is not known.
          drills.add(StatusFacts.drill(name, null, null, status));
        }
      }
    }
    return GateInputs.of(policies, drills).withUnattributedFiles(unattributed.get());
  }
}
