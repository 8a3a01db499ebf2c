package dev.bulwark.kubernetes.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.api.common.Condition;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.Resource;
import dev.bulwark.api.common.ResourceStatus;
import dev.bulwark.core.reconcile.Action;
import dev.bulwark.core.reconcile.ConditionTransition;
import dev.bulwark.core.reconcile.Controller;
import dev.bulwark.core.reconcile.ReconcileContext;
import dev.bulwark.core.reconcile.ReconcileResult;
import dev.bulwark.core.reconcile.RuntimeServices;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates between java-operator-sdk and one core {@link Controller}: maps the custom resource to
 * the plain resource the controller works on, builds the reconcile context, patches the status the
 * core computed, reschedules at its requeue time, records an Event per condition transition and
 * alerts by {@link dev.bulwark.core.alerts.AlertPolicy} against the stored status (so a restart or
 * a resync alerts nothing). Exceptions from the core become a {@code Ready=False} status, alerted
 * the same way.
 *
 * <p>Abstract because JOSDK reads the resource class from the reconciler's generic superclass: each
 * kind has a subclass of a few lines that names its types.
 *
 * @param <R> the custom resource class of the kind
 * @param <P> the plain resource class of the kind, which the controller works on
 * @param <S> its status type
 */
public abstract class CoreReconciler<
        R extends CustomResource<?, S>, P extends Resource<?, S>, S extends ResourceStatus>
    implements Reconciler<R> {
  private static final Logger LOG = LoggerFactory.getLogger(CoreReconciler.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final Controller<P, S> controller;
  private final Function<R, P> toPlain;
  private final Supplier<S> emptyStatus;
  private final Clock clock;
  private final EventRecorder events;
  private final RuntimeServices services;
  private volatile long timeCompression = 1;

  /**
   * @param controller the core logic of the kind
   * @param toPlain maps a custom resource of the kind to its plain resource
   * @param emptyStatus creates a status for a resource that has none, to carry an error
   * @param clock the time reconciles see
   * @param events where condition transitions are recorded
   * @param services the job executor, alerts and audit trail actions go to
   */
  protected CoreReconciler(
      Controller<P, S> controller,
      Function<R, P> toPlain,
      Supplier<S> emptyStatus,
      Clock clock,
      EventRecorder events,
      RuntimeServices services) {
    this.services = Objects.requireNonNull(services, "services");
    this.controller = Objects.requireNonNull(controller, "controller");
    this.toPlain = Objects.requireNonNull(toPlain, "toPlain");
    this.emptyStatus = Objects.requireNonNull(emptyStatus, "emptyStatus");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Schedules requeues for a clock that runs {@code factor} times faster than real time (1: real
   * time), so that tests and benchmarks keep the controllers' cadence in clock time. Call before
   * the reconciler is registered.
   */
  public CoreReconciler<R, P, S> compressingTime(long factor) {
    if (factor < 1) {
      throw new IllegalArgumentException("factor must be at least 1, got " + factor);
    }
    this.timeCompression = factor;
    return this;
  }

  @Override
  public List<EventSource<?, R>> prepareEventSources(EventSourceContext<R> context) {
    return BackupPolicyCache.eventSources(context);
  }

  @Override
  public UpdateControl<R> reconcile(R resource, Context<R> context) {
    Instant now = clock.instant();
    P plain = toPlain.apply(resource);
    services.recoverAbandoned(plain); // runs a dead process left: explicit, before the read
    ReconcileResult<S> result =
        controller.reconcile(
            plain,
            services.context(
                now, ReconcileContext.Runtime.KUBERNETES, BackupPolicyCache.lookup(context)));
    result.actions().forEach(action -> carryOut(resource, action));
    // Before the status is replaced: what is stored on the cluster is what was alerted already.
    services.alert(
        RuntimeServices.subjectOf(plain, controller.kind()),
        resource.getStatus(),
        result.status(),
        now);
    // A job's end shows up at the controller's next poll (it requeues every few seconds while one
    // runs).
    services.carryOut(
        plain,
        controller.kind(),
        result.actions(),
        now,
        BackupPolicyCache.lookup(context),
        () -> {});
    // Skipping identical statuses saves a write, and the watch event it causes, on every resync.
    boolean changed = !sameJson(resource.getStatus(), result.status());
    UpdateControl<R> control;
    if (changed && result.status() != null) {
      resource.setStatus(result.status());
      control = UpdateControl.patchStatus(resource);
    } else {
      control = UpdateControl.noUpdate();
    }
    Duration delay =
        result
            .requeueAt()
            .map(at -> nonNegative(Duration.between(now, at)))
            .map(clockTime -> clockTime.dividedBy(timeCompression))
            .orElse(null);
    if (delay != null) {
      control.rescheduleAfter(delay);
    }
    // Every resync and requeue passes here: routine, so DEBUG; what needs attention is an ALERT
    // line.
    LOG.debug(
        "{} {}: {}{}, {}",
        controller.kind(),
        describe(resource),
        readiness(result.status()),
        changed ? ", patching the status" : ", status unchanged",
        delay == null ? "no requeue" : "next reconcile in " + delay);
    return control;
  }

  @Override
  public ErrorStatusUpdateControl<R> updateErrorStatus(
      R resource, Context<R> context, Exception error) {
    if (ReconcileFailure.causedByShutdown(error)) {
      LOG.info("{} {}: reconcile interrupted by shutdown", controller.kind(), describe(resource));
      return ErrorStatusUpdateControl.<R>noStatusUpdate().withNoRetry();
    }
    // java-operator-sdk logs the stack trace and retries with backoff.
    LOG.error(
        "{} {}: reconcile failed ({}); setting Ready=False",
        controller.kind(),
        describe(resource),
        error.toString());
    Instant now = clock.instant();
    ResourceStatus before = conditionsOf(resource.getStatus());
    JsonNode stored = json(resource.getStatus());
    ReconcileFailure.markNotReady(resource, emptyStatus, error, now)
        .ifPresent(transition -> events.record(resource, transition));
    services.alert(
        RuntimeServices.subjectOf(toPlain.apply(resource), controller.kind()),
        before,
        resource.getStatus(),
        now);
    // A retry that fails the same way leaves the status as it is: no write, no watch event.
    if (Objects.equals(stored, json(resource.getStatus()))) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    return ErrorStatusUpdateControl.patchStatus(resource);
  }

  private void carryOut(R resource, Action action) {
    if (action instanceof ConditionTransition transition) {
      LOG.debug(
          "{} {}: {} is now {} ({}): {}",
          controller.kind(),
          describe(resource),
          transition.type(),
          transition.status(),
          transition.reason(),
          transition.message());
      events.record(resource, transition);
    }
  }

  /**
   * A copy of the conditions of {@code status} (which is about to be changed in place), or null.
   */
  private static ResourceStatus conditionsOf(ResourceStatus status) {
    if (status == null) {
      return null;
    }
    ResourceStatus copy = new ResourceStatus();
    for (Condition condition : status.getConditions()) {
      copy.getConditions().add(JSON.convertValue(condition, Condition.class));
    }
    return copy;
  }

  /**
   * Whether two statuses say the same, compared as the JSON the API server stores (the plain
   * values, never when the pass ran), so an unchanged status costs no write.
   */
  private static boolean sameJson(Object previous, Object next) {
    return Objects.equals(json(previous), json(next));
  }

  private static JsonNode json(Object value) {
    return value == null ? null : JSON.convertValue(value, JsonNode.class);
  }

  private static Duration nonNegative(Duration delay) {
    return delay.isNegative() ? Duration.ZERO : delay;
  }

  private static String readiness(ResourceStatus status) {
    if (status == null) {
      return "no status";
    }
    return status
        .conditions()
        .get(ConditionType.READY)
        .map(c -> "Ready=" + c.getStatus() + " (" + c.getReason() + ")")
        .orElse("Ready not set");
  }

  private static String describe(CustomResource<?, ?> resource) {
    return resource.getMetadata().getNamespace()
        + "/"
        + resource.getMetadata().getName()
        + " generation "
        + resource.getMetadata().getGeneration();
  }
}
