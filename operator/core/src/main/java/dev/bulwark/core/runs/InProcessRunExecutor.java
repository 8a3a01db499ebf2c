package dev.bulwark.core.runs;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RunExecutor} that runs a kind's runs on a small pool of daemon threads of this process
 * ({@link RunsByKey}): at most one run per key here (the kind's run lock covers other processes).
 * {@link #close} asks running runs to stop ("the operator is shutting down"; kinds that cannot stop
 * halfway ignore it), waits up to the shutdown wait, then interrupts them.
 *
 * @param <Q> what to run
 * @param <R> the kind's record
 */
public final class InProcessRunExecutor<Q, R extends RunRecord> implements RunExecutor<Q, R> {
  private static final Logger LOG = LoggerFactory.getLogger(InProcessRunExecutor.class);
  private static final String SHUTTING_DOWN = "the operator is shutting down";

  private final RunKind<Q, R> kind;
  private final RunsByKey runs;
  private final Map<RunKey, PreparedRun<R>> running = new ConcurrentHashMap<>();

  /**
   * An executor of {@code kind} running at most {@code threads} runs (of different keys) at once.
   *
   * @param shutdownWait how long {@link #close} waits for running runs before interrupting them
   */
  public InProcessRunExecutor(RunKind<Q, R> kind, int threads, Duration shutdownWait) {
    this.kind = kind;
    this.runs = new RunsByKey(kind.name(), threads, shutdownWait);
  }

  @Override
  public Optional<Started<R>> submit(RunKey key, Q request, Runnable onFinished) {
    AtomicReference<PreparedRun<R>> prepared = new AtomicReference<>();
    boolean started =
        runs.start(
            key.id(),
            () -> {
              PreparedRun<R> run = kind.prepare(key, request);
              prepared.set(run);
              running.put(key, run);
              return () -> {
                try {
                  run.run();
                } finally {
                  running.remove(key);
                }
              };
            },
            onFinished);
    return started ? Optional.of(new Started<>(key, prepared.get().recorded())) : Optional.empty();
  }

  @Override
  public boolean isActive(RunKey key) {
    return runs.isActive(key.id());
  }

  /**
   * Recovers only what no thread here runs and the ledger shows unfinished; the kind then takes the
   * key's run lock, so a run alive in another process is never touched.
   */
  @Override
  public boolean recoverAbandoned(RunKey key) {
    if (isActive(key) || !kind.ledger().hasUnfinished(key)) {
      return false;
    }
    boolean recovered = kind.recover(key);
    if (recovered) {
      LOG.debug("{} runs of {}: abandoned ones recovered", kind.name(), key);
    }
    return recovered;
  }

  @Override
  public boolean cancel(RunKey key, String why) {
    PreparedRun<R> run = running.get(key);
    if (run == null) {
      return false;
    }
    run.cancel(why);
    return true;
  }

  @Override
  public void close() {
    running.values().forEach(run -> run.cancel(SHUTTING_DOWN));
    runs.close();
  }
}
