package dev.bulwark.engine.lock;

import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.RepositoryLockedException;
import dev.bulwark.engine.TargetAccessException;
import dev.bulwark.engine.format.FormatVersion;
import dev.bulwark.engine.format.Json;
import dev.bulwark.engine.format.RepositoryLayout;
import dev.bulwark.engine.target.ObjectExistsException;
import dev.bulwark.engine.target.ObjectNotFoundException;
import dev.bulwark.engine.target.Target;
import dev.bulwark.engine.target.TimeLimit;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one lock per policy and target (docs/format.md, "Locks"). Acquired with a write-once put,
 * refreshed in the background every third of its staleness period, released by deleting it.
 *
 * <p>A lock may be broken when its owner is provably gone (same host, pid not running or recycled),
 * when it names this very process but a job that no longer holds a lock here (the job ended and
 * could not delete its lock, e.g. during a store outage), or when it has not been refreshed for
 * {@code stale_after_seconds}. Whoever breaks a lock learns the dead job's id from it ({@link
 * #brokenLock()}) and cleans that job's leftovers.
 */
public final class RepositoryLock implements AutoCloseable {
  /** How long releasing a lock may take before it is left to go stale (a store may hang). */
  static final Duration RELEASE_LIMIT = Duration.ofSeconds(30);

  /**
   * The locks held by live jobs of this process, by lock key and job id. A lock naming this process
   * but no entry here belongs to a job that ended: it protects nothing.
   */
  private static final Set<Holding> HELD = ConcurrentHashMap.newKeySet();

  private record Holding(String key, String jobId) {}

  private final Target target;
  private final String key;
  private final Holding holding;
  private final Clock clock;
  private final LockInfo broken;
  private final AtomicBoolean lost = new AtomicBoolean();
  private final ScheduledExecutorService refresher;
  private volatile LockInfo info;

  private RepositoryLock(Target target, String key, Clock clock, LockInfo info, LockInfo broken) {
    this.target = target;
    this.key = key;
    this.holding = new Holding(key, info.jobId());
    this.clock = clock;
    this.info = info;
    this.broken = broken;
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bulwark-lock-refresh");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(1, info.staleAfterSeconds() * 1000 / 3);
    refresher.scheduleAtFixedRate(this::refresh, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lock of {@code layout}'s policy for job {@code jobId}, breaking a stale one.
   *
   * @throws RepositoryLockedException when a live job holds it
   */
  public static RepositoryLock acquire(
      Target target, RepositoryLayout layout, String jobId, Duration staleAfter, Clock clock)
      throws EngineException {
    String key = layout.lockKey();
    Instant now = clock.instant();
    LockInfo mine =
        new LockInfo(
            FormatVersion.CURRENT,
            layout.policy(),
            jobId,
            ProcessIdentity.hostName(),
            ProcessIdentity.pid(),
            ProcessIdentity.startedAt(),
            now.toString(),
            now.toString(),
            Math.max(1, staleAfter.toSeconds()));
    LockInfo broken = null;
    // Registered before the put: from the moment the lock exists, this process knows it is live.
    Holding holding = new Holding(key, jobId);
    boolean registered = HELD.add(holding);
    boolean taken = false;
    try {
      for (int attempt = 0; attempt < 5; attempt++) {
        try {
          target.put(key, Json.write(mine), Map.of());
          taken = true;
          return new RepositoryLock(target, key, clock, mine, broken);
        } catch (ObjectExistsException e) {
          Optional<LockInfo> holder = read(target, key);
          if (holder.isEmpty()) {
            continue;
          }
          String staleBecause = staleReason(holder.get(), key, clock.instant());
          if (staleBecause == null) {
            throw new RepositoryLockedException(
                key,
                "policy "
                    + layout.policy()
                    + " is locked by "
                    + holder.get().describe()
                    + "; it becomes stale "
                    + holder.get().staleAfterSeconds()
                    + " s after its last refresh");
          }
          deleteQuietly(target, key);
          broken = holder.get();
        } catch (IOException e) {
          throw new TargetAccessException(key, "taking the lock", e);
        }
      }
      throw new RepositoryLockedException(
          key, "could not take the lock: other jobs keep racing for it");
    } finally {
      if (registered && !taken) {
        HELD.remove(holding);
      }
    }
  }

  /** Reads the lock currently stored, if any. */
  public static Optional<LockInfo> read(Target target, String key) throws EngineException {
    try {
      byte[] bytes = target.read(key, 64 * 1024);
      try {
        return Optional.of(Json.read(bytes, LockInfo.class, key));
      } catch (EngineException malformed) {
        // A lock nobody can parse protects nothing; describe it as an ownerless stale lock.
        return Optional.of(new LockInfo(FormatVersion.CURRENT, "", "", "", -1, "", "", "", 0));
      }
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new TargetAccessException(key, "reading the lock", e);
    }
  }

  /**
   * Why {@code holder}, stored under {@code key}, may be broken at {@code now}, or null when it is
   * valid.
   */
  static String staleReason(LockInfo holder, String key, Instant now) {
    if (holder.pid() < 0 || holder.jobId().isEmpty()) {
      return "the lock is malformed";
    }
    boolean sameHost = holder.host().equals(ProcessIdentity.hostName());
    if (sameHost && !ProcessIdentity.isAlive(holder.pid(), holder.processStartedAt())) {
      return "its owner process " + holder.pid() + " is gone";
    }
    if (sameHost
        && ProcessIdentity.isThisProcess(holder.pid(), holder.processStartedAt())
        && !HELD.contains(new Holding(key, holder.jobId()))) {
      return "its job "
          + holder.jobId()
          + " no longer runs in this process (pid "
          + holder.pid()
          + ")";
    }
    try {
      Instant refreshed = Instant.parse(holder.refreshedAt());
      if (refreshed.plus(holder.staleAfter()).isBefore(now)) {
        return "it was last refreshed at " + refreshed;
      }
    } catch (RuntimeException e) {
      return "its refresh time is unreadable";
    }
    return null;
  }

  /** The stale lock this acquisition replaced: its job may have left an uncommitted mess. */
  public Optional<LockInfo> brokenLock() {
    return Optional.ofNullable(broken);
  }

  /** The lock as held. */
  public LockInfo info() {
    return info;
  }

  /**
   * Fails unless the stored lock is still this one: called right before the commit so a job whose
   * lock was broken (it stalled past the staleness period) never commits over another job.
   */
  public void ensureHeld() throws EngineException {
    Optional<LockInfo> stored = read(target, key);
    if (lost.get() || stored.isEmpty() || !stored.get().jobId().equals(info.jobId())) {
      throw new RepositoryLockedException(
          key,
          "job "
              + info.jobId()
              + " lost its lock"
              + stored.map(s -> " to " + s.describe()).orElse(" (the lock was deleted)"));
    }
  }

  private void refresh() {
    if (!HELD.contains(holding)) {
      return; // the job ended: its lock must not be kept alive
    }
    try {
      Optional<LockInfo> stored = read(target, key);
      if (stored.isEmpty() || !stored.get().jobId().equals(info.jobId())) {
        lost.set(true);
        return;
      }
      LockInfo next = info.refreshed(clock.instant());
      target.replace(key, Json.write(next));
      info = next;
    } catch (EngineException | IOException | RuntimeException e) {
      // A missed refresh is retried at the next period; ensureHeld() decides before the commit.
    }
  }

  /**
   * Stops refreshing but leaves the lock in place, so that it goes stale and the job that breaks it
   * cleans up after this one (used when a failed job could not delete its own objects).
   */
  public void abandon() {
    HELD.remove(holding);
    refresher.shutdownNow();
  }

  /**
   * Stops refreshing and deletes the lock if it is still this job's, waiting at most {@link
   * #RELEASE_LIMIT} for a store that may hang. Whatever the delete does, the lock ends with its
   * job: in this process it is dead at once, elsewhere it goes stale by its own rule.
   */
  @Override
  public void close() {
    HELD.remove(holding);
    refresher.shutdownNow();
    // A cancel may have interrupted the caller; the release must still reach the store.
    boolean interrupted = Thread.interrupted();
    try {
      refresher.awaitTermination(5, TimeUnit.SECONDS);
      TimeLimit.run(
          "bulwark-lock-release",
          RELEASE_LIMIT,
          () -> {
            Optional<LockInfo> stored = read(target, key);
            if (stored.isPresent() && stored.get().jobId().equals(info.jobId())) {
              target.delete(key);
            }
          });
    } catch (InterruptedException e) {
      interrupted = true;
    } catch (Exception e) {
      // A lock we cannot delete is dead for this process and goes stale for the others.
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void deleteQuietly(Target target, String key) {
    try {
      target.delete(key);
    } catch (IOException e) {
      // The next put attempt reports the real problem.
    }
  }
}
