package dev.bulwark.compose;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.core.reconcile.Controller;
import dev.bulwark.core.reconcile.ReconcileContext;
import dev.bulwark.core.reconcile.ReconcileResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A BackupPolicy controller for runtime tests: records every call, asks to be requeued after a
 * fixed interval, and throws for policies named {@code boom*}.
 */
final class RecordingController implements Controller<BackupPolicy, BackupPolicyStatus> {

  /** One call: which policy, at what time, which generation, what it asked for. */
  record Call(String name, Instant now, Long generation, Instant requeueAt, boolean hadStatus) {}

  private final Duration requeueAfter;
  private final List<Call> calls = new CopyOnWriteArrayList<>();

  RecordingController(Duration requeueAfter) {
    this.requeueAfter = requeueAfter;
  }

  List<Call> calls(String name) {
    return calls.stream().filter(c -> c.name().equals(name)).toList();
  }

  @Override
  public String kind() {
    return "BackupPolicy";
  }

  @Override
  public Class<BackupPolicy> resourceType() {
    return BackupPolicy.class;
  }

  @Override
  public ReconcileResult<BackupPolicyStatus> reconcile(
      BackupPolicy policy, ReconcileContext context) {
    String name = policy.getRef().name();
    Instant requeueAt = context.now().plus(requeueAfter);
    calls.add(
        new Call(
            name,
            context.now(),
            policy.getRef().generation(),
            requeueAt,
            policy.getStatus() != null));
    if (name.startsWith("boom")) {
      throw new IllegalStateException("simulated controller bug");
    }
    BackupPolicyStatus status = new BackupPolicyStatus();
    status.setObservedGeneration(policy.getRef().generation());
    status
        .conditions()
        .set(
            ConditionType.READY,
            true,
            ConditionReason.SCHEDULED,
            "recorded",
            policy.getRef().generation(),
            context.now());
    return new ReconcileResult<>(status, List.of(), Optional.of(requeueAt));
  }
}
