package dev.bulwark.compose;

import dev.bulwark.api.BulwarkApi;
import dev.bulwark.api.common.Condition;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.ResourceStatus;
import dev.bulwark.compose.status.StatusFile;
import dev.bulwark.compose.status.StatusFileStore;
import dev.bulwark.core.reconcile.Action;
import dev.bulwark.core.reconcile.ConditionTransition;
import dev.bulwark.manifests.SourceLocation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The side effects of a reconcile decision: the status file, the requeue and the log lines (a WARN
 * line per decision not to serve a resource; routine reconciles and transitions at DEBUG, since the
 * alert policy writes the ALERT lines that need attention). Keeping them in one place keeps every
 * decision path recording the same things.
 */
final class StatusRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(StatusRecorder.class);

  /** Where requeues go: the loop. */
  interface Scheduler {
    /** Reconcile {@code key} at {@code at}, replacing an earlier request. */
    void schedule(ResourceKey key, Instant at);

    /** Forget the pending request of {@code key}. */
    void cancel(ResourceKey key);
  }

  private final Path policiesDir;
  private final StatusFileStore store;
  private final Scheduler scheduler;
  private final AtomicLong written;
  private final AtomicBoolean changed;

  /**
   * @param written counts every decision recorded
   * @param changed set when a status file's content changed (or could not be written), so the
   *     release gate is evaluated again
   */
  StatusRecorder(
      Path policiesDir,
      StatusFileStore store,
      Scheduler scheduler,
      AtomicLong written,
      AtomicBoolean changed) {
    this.policiesDir = policiesDir;
    this.store = store;
    this.scheduler = scheduler;
    this.written = written;
    this.changed = changed;
  }

  /** Asks for a reconcile at {@code at}, or none when null. */
  void reschedule(TrackedResource tracked, Instant at) {
    tracked.requeueAt = at;
    if (at == null) {
      scheduler.cancel(tracked.key);
    } else {
      scheduler.schedule(tracked.key, at);
    }
  }

  /**
   * Writes the status file unless it already says the same; a failure (disk full, permissions) is
   * logged and the declaration is forgotten, so the next scan decides again instead of the loop
   * dying.
   */
  void write(TrackedResource tracked, Instant now) {
    written.incrementAndGet();
    try {
      boolean rewritten =
          store.write(
              new StatusFile(
                  StatusFile.FORMAT_VERSION,
                  BulwarkApi.API_VERSION,
                  tracked.key.kind().kind(),
                  new StatusFile.Metadata(tracked.key.name(), tracked.generation),
                  new StatusFile.Source(tracked.sourceFile, tracked.line, tracked.specDigest),
                  tracked.deleted,
                  now.toString(),
                  tracked.problems,
                  store.toTree(tracked.status)));
      if (rewritten) {
        changed.set(true);
      }
    } catch (RuntimeException e) {
      changed.set(true); // the status held in memory changed all the same
      tracked.fingerprint = null;
      LOG.error(
          "cannot write the status of {}: {}; trying again on the next scan",
          tracked.key,
          e.getMessage());
    }
  }

  /**
   * The decision line of a controller run, then its transitions, at DEBUG: a served resource is
   * reconciled on every requeue, and what needs attention is an ALERT line of its own.
   */
  void logReconciled(TrackedResource tracked, Instant next, List<Action> actions) {
    if (!LOG.isDebugEnabled()) {
      return;
    }
    LOG.debug(
        "reconciled {} gen={} Ready={} next={} ({})",
        tracked.key,
        tracked.generation,
        ready(tracked.status),
        next == null ? "none" : next,
        where(tracked));
    for (Action action : actions) {
      if (action instanceof ConditionTransition t) {
        LOG.debug(
            "{} {}={} reason={}: {}", tracked.key, t.type(), t.status(), t.reason(), t.message());
      }
      // Jobs and audit lines are carried out (and logged) by the runtime's services.
    }
  }

  /** The decision line of a resource that is not served (invalid, unreadable, deleted, failed). */
  void logNotServed(
      TrackedResource tracked, String decision, String reason, String message, Throwable cause) {
    String line =
        decision
            + " "
            + tracked.key
            + " gen="
            + tracked.generation
            + " Ready=False reason="
            + reason
            + " ("
            + where(tracked)
            + ")";
    if (cause != null) {
      LOG.error("{}: {}", line, message, cause);
    } else {
      LOG.warn("{}: {}", line, message);
    }
  }

  /**
   * A condition the shim itself flipped to False, at DEBUG: the decision line and the ALERT line
   * say it.
   */
  void logFlip(TrackedResource tracked, boolean flipped, ConditionType type, String reason) {
    if (flipped) {
      LOG.debug("{} {}=False reason={}", tracked.key, type.wireName(), reason);
    }
  }

  private String where(TrackedResource tracked) {
    return new SourceLocation(tracked.file(policiesDir), tracked.line).toString();
  }

  private static String ready(ResourceStatus status) {
    return status == null
        ? "Unknown"
        : status.conditions().get(ConditionType.READY).map(Condition::getStatus).orElse("Unknown");
  }
}
