package dev.bulwark.compose;

import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.Conditions;
import dev.bulwark.api.common.Resource;
import dev.bulwark.api.common.ResourceStatus;
import dev.bulwark.api.drill.RestoreDrillStatus;
import dev.bulwark.compose.status.StatusFile;
import dev.bulwark.core.alerts.AlertPolicy;
import dev.bulwark.core.reconcile.Controller;
import dev.bulwark.core.reconcile.ReconcileContext;
import dev.bulwark.core.reconcile.ReconcileResult;
import dev.bulwark.core.reconcile.RuntimeServices;
import dev.bulwark.core.validation.SpecProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the new status of one resource: a served resource's comes from its controller (with its
 * generation and previous status); a resource that cannot be served (invalid, unreadable, deleted)
 * or whose controller threw gets one the shim writes itself. Every decision is recorded through the
 * {@link StatusRecorder}, then alerted by {@link AlertPolicy} against the status it replaces (the
 * one loaded from the status file after a restart, so a restart alone alerts nothing).
 */
final class ResourceReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceReconciler.class);

  /** Ready reason when a controller threw; ConditionReason has no such value (yet). */
  static final String RECONCILE_FAILED = ConditionReason.RECONCILE_FAILED.wireName();

  /** A requeue is never sooner than this, so a controller asking for "now" cannot spin the loop. */
  private static final Duration MIN_REQUEUE = Duration.ofSeconds(1);

  private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  private static final Duration MAX_RETRY = Duration.ofMinutes(5);
  private static final int MAX_LISTED = 20;

  private final Map<String, Controller<?, ?>> controllers;
  private final Clock clock;
  private final StatusRecorder recorder;
  private final ResourceTable table;
  private final RuntimeServices services;
  private final StatusRecorder.Scheduler scheduler;

  ResourceReconciler(
      Map<String, Controller<?, ?>> controllers,
      Clock clock,
      StatusRecorder recorder,
      ResourceTable table,
      RuntimeServices services,
      StatusRecorder.Scheduler scheduler) {
    this.services = services;
    this.scheduler = scheduler;
    this.controllers = controllers;
    this.clock = clock;
    this.recorder = recorder;
    this.table = table;
  }

  /** Runs the controller of a served resource and records what it decided. */
  void reconcile(TrackedResource tracked) {
    Controller<?, ?> controller = controllers.get(tracked.key.kind().kind());
    if (controller == null) {
      LOG.warn(
          "no controller for {}; {} is not reconciled", tracked.key.kind().kind(), tracked.key);
      return;
    }
    Instant now = clock.instant();
    ReconcileResult<?> result;
    try {
      result = invoke(controller, tracked, now);
    } catch (RuntimeException e) {
      failed(tracked, now, e);
      return;
    }
    ResourceStatus before = tracked.statusBefore();
    tracked.status = (ResourceStatus) result.status();
    tracked.problems = withFindings(tracked, controller);
    tracked.consecutiveFailures = 0;
    tracked.webhookUrl = RuntimeServices.webhookOf(tracked.served).orElse(null);
    Instant next =
        result.requeueAt().map(at -> at.isAfter(now) ? at : now.plus(MIN_REQUEUE)).orElse(null);
    recorder.reschedule(tracked, next);
    recorder.write(tracked, now);
    recorder.logReconciled(tracked, next, result.actions());
    alert(tracked, before, now);
    ResourceKey key = tracked.key;
    services.carryOut(
        tracked.served,
        key.kind().kind(),
        result.actions(),
        now,
        table,
        () -> scheduler.schedule(key, clock.instant()));
  }

  /**
   * The declaration's problems plus the controller's spec findings, each at its field's line (as
   * {@code bulwark validate} reports them), while the status says the spec is invalid or has
   * warnings; a valid spec without warnings is not validated twice.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private List<StatusFile.Problem> withFindings(TrackedResource tracked, Controller controller) {
    boolean findings =
        tracked
            .status
            .conditions()
            .get(ConditionType.VALID)
            .map(
                c ->
                    "False".equals(c.getStatus())
                        || c.getMessage() != null && c.getMessage().contains("warnings:"))
            .orElse(false);
    if (!findings || tracked.locator == null) {
      return tracked.manifestProblems;
    }
    List<StatusFile.Problem> problems = new java.util.ArrayList<>(tracked.manifestProblems);
    List<SpecProblem> found = controller.findings(ResourceCopies.copy(tracked.served), table);
    for (SpecProblem problem : found) {
      problems.add(
          new StatusFile.Problem(
              problem.isError() ? "error" : "warning",
              tracked.sourceFile,
              tracked.locator.line(problem.field()),
              problem.field(),
              problem.message()));
    }
    return problems;
  }

  /** Records a resource that cannot be served: Valid and Ready False with the reasons. */
  void notServed(TrackedResource tracked, ConditionReason reason, List<String> errors) {
    Instant now = clock.instant();
    recorder.reschedule(tracked, null);
    String message = summary(errors);
    ResourceStatus before = tracked.statusBefore();
    ResourceStatus status = freshOrCopy(tracked);
    status.setObservedGeneration(tracked.generation);
    clearSchedule(status);
    Conditions conditions = status.conditions();
    boolean validFlipped =
        conditions.set(ConditionType.VALID, false, reason, message, tracked.generation, now);
    boolean readyFlipped =
        conditions.set(ConditionType.READY, false, reason, message, tracked.generation, now);
    tracked.status = status;
    recorder.write(tracked, now);
    recorder.logNotServed(tracked, "invalid", reason.wireName(), message, null);
    recorder.logFlip(tracked, validFlipped, ConditionType.VALID, reason.wireName());
    recorder.logFlip(tracked, readyFlipped, ConditionType.READY, reason.wireName());
    alert(tracked, before, now);
  }

  /** Records that the declaration is gone: Ready False reason Deleted, {@code deleted: true}. */
  void deleted(TrackedResource tracked) {
    Instant now = clock.instant();
    recorder.reschedule(tracked, null);
    ResourceStatus before = tracked.statusBefore();
    tracked.deleted = true;
    tracked.served = null;
    ResourceStatus status = freshOrCopy(tracked);
    clearSchedule(status);
    String message = "no longer declared in " + tracked.sourceFile + "; not reconciled any more";
    String reason = ConditionReason.DELETED.wireName();
    boolean flipped =
        status
            .conditions()
            .set(
                ConditionType.READY,
                false,
                ConditionReason.DELETED,
                message,
                tracked.generation,
                now);
    tracked.status = status;
    recorder.write(tracked, now);
    recorder.logNotServed(tracked, "deleted", reason, message, null);
    recorder.logFlip(tracked, flipped, ConditionType.READY, reason);
    alert(tracked, before, now);
  }

  /** A controller threw: Ready False (ReconcileFailed) and a retry with exponential backoff. */
  private void failed(TrackedResource tracked, Instant now, RuntimeException e) {
    tracked.consecutiveFailures++;
    Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(tracked.consecutiveFailures - 1, 16));
    Instant retry = now.plus(delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay);
    String message =
        "reconcile failed: "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage())
            + "; retrying at "
            + retry;
    ResourceStatus before = tracked.statusBefore();
    ResourceStatus status = freshOrCopy(tracked);
    status.setObservedGeneration(tracked.generation);
    Conditions conditions = status.conditions();
    boolean flipped =
        conditions.set(
            ConditionType.READY,
            false,
            ConditionReason.RECONCILE_FAILED,
            message,
            tracked.generation,
            now);
    tracked.status = status;
    recorder.reschedule(tracked, retry);
    recorder.write(tracked, now);
    recorder.logNotServed(tracked, "failed", RECONCILE_FAILED, message, e);
    recorder.logFlip(tracked, flipped, ConditionType.READY, RECONCILE_FAILED);
    alert(tracked, before, now);
  }

  /**
   * Alerts what changed since {@code before}; the resource's own webhook is the last one it was
   * served with.
   */
  private void alert(TrackedResource tracked, ResourceStatus before, Instant now) {
    AlertPolicy.Subject subject =
        new AlertPolicy.Subject(
            tracked.key.kind().kind(),
            Optional.empty(),
            tracked.key.name(),
            Optional.ofNullable(tracked.webhookUrl));
    services.alert(subject, before, tracked.status, now);
    tracked.previousLife = null;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private ReconcileResult<?> invoke(Controller controller, TrackedResource tracked, Instant now) {
    // The controller gets its own copy: it must not mutate its input, and if it does, no harm.
    Resource resource = ResourceCopies.copy(tracked.served);
    resource.setRef(resource.getRef().withGeneration(tracked.generation));
    resource.setStatus(ResourceCopies.copy(tracked.status));
    services.recoverAbandoned(resource); // runs a dead process left: explicit, before the read
    ReconcileResult<?> result =
        controller.reconcile(
            resource, services.context(now, ReconcileContext.Runtime.COMPOSE, table));
    if (result == null || !(result.status() instanceof ResourceStatus)) {
      throw new IllegalStateException(
          controller.getClass().getSimpleName() + " returned no status");
    }
    return result;
  }

  private static ResourceStatus freshOrCopy(TrackedResource tracked) {
    if (tracked.status != null) {
      return ResourceCopies.copy(tracked.status);
    }
    try {
      return tracked.key.kind().statusType().getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "cannot create a " + tracked.key.kind().statusType().getSimpleName(), e);
    }
  }

  /** Schedule facts stop being true once a resource is not served. */
  private static void clearSchedule(ResourceStatus status) {
    if (status instanceof BackupPolicyStatus policy) {
      policy.setNextIncremental(null);
      policy.setNextFull(null);
      policy.setResolvedTarget(null);
    } else if (status instanceof RestoreDrillStatus drill) {
      drill.setNextRun(null);
    }
  }

  private static String summary(List<String> errors) {
    String listed = String.join("; ", errors.subList(0, Math.min(errors.size(), MAX_LISTED)));
    return errors.size() > MAX_LISTED
        ? listed + "; ... and " + (errors.size() - MAX_LISTED) + " more"
        : listed;
  }
}
