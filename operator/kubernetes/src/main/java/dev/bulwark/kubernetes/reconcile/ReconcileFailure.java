package dev.bulwark.kubernetes.reconcile;

import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.ResourceStatus;
import dev.bulwark.core.reconcile.ConditionTransition;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns an exception out of a reconcile into {@code Ready=False} on the resource's status, so that
 * {@code kubectl get} shows the failure instead of a stale Ready. The core promises not to throw
 * for a bad spec, so this is a bug or an outage (e.g. the status patch itself failed).
 */
final class ReconcileFailure {
  private ReconcileFailure() {}

  /** True when the operator's shutdown cut the reconcile short: not the resource's fault. */
  static boolean causedByShutdown(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof InterruptedException || cause instanceof InterruptedIOException) {
        return true;
      }
    }
    return Thread.currentThread().isInterrupted();
  }

  /**
   * Sets Ready=False (reason ReconcileFailed) on the resource's status, creating the status if
   * needed.
   *
   * @return the transition to record, when Ready was not already False for this reason
   */
  static <S extends ResourceStatus> Optional<ConditionTransition> markNotReady(
      CustomResource<?, S> resource, Supplier<S> emptyStatus, Exception error, Instant now) {
    // Only the exception's type and message: the stack trace is in the operator log.
    String message =
        "Reconcile failed in the Kubernetes runtime ("
            + error.getClass().getSimpleName()
            + (error.getMessage() == null ? "" : ": " + error.getMessage())
            + "); see the operator log";
    S status = resource.getStatus() != null ? resource.getStatus() : emptyStatus.get();
    boolean flipped =
        status
            .conditions()
            .set(
                ConditionType.READY,
                false,
                ConditionReason.RECONCILE_FAILED,
                message,
                resource.getMetadata().getGeneration(),
                now);
    resource.setStatus(status);
    if (!flipped) {
      return Optional.empty();
    }
    return Optional.of(
        new ConditionTransition(
            ConditionType.READY.wireName(),
            "False",
            ConditionReason.RECONCILE_FAILED.wireName(),
            message,
            true));
  }
}
