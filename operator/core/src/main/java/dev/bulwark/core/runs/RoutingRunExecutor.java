package dev.bulwark.core.runs;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * Two executors of one kind behind one port: requests that {@code elsewhere} accepts go to {@code
 * remote} (e.g. Kubernetes Jobs, for a policy whose volumes only a Job can mount), the others to
 * {@code local}. One run per key across both. Recovery asks the remote executor first, because it
 * adopts runs that are still alive elsewhere; only when it holds none does the local executor end
 * what is left as abandoned.
 *
 * @param <Q> what to run
 * @param <R> the kind's record
 */
public final class RoutingRunExecutor<Q, R extends RunRecord> implements RunExecutor<Q, R> {
  private final Predicate<Q> elsewhere;
  private final RunExecutor<Q, R> remote;
  private final RunExecutor<Q, R> local;

  /**
   * Runs requests that {@code elsewhere} accepts on {@code remote}, the others on {@code local}.
   */
  public RoutingRunExecutor(
      Predicate<Q> elsewhere, RunExecutor<Q, R> remote, RunExecutor<Q, R> local) {
    this.elsewhere = elsewhere;
    this.remote = remote;
    this.local = local;
  }

  @Override
  public Optional<Started<R>> submit(RunKey key, Q request, Runnable onFinished) {
    if (isActive(key)) {
      return Optional.empty();
    }
    return (elsewhere.test(request) ? remote : local).submit(key, request, onFinished);
  }

  @Override
  public boolean isActive(RunKey key) {
    return remote.isActive(key) || local.isActive(key);
  }

  @Override
  public boolean recoverAbandoned(RunKey key) {
    boolean recovered = remote.recoverAbandoned(key);
    if (!remote.isActive(key)) {
      recovered |= local.recoverAbandoned(key);
    }
    return recovered;
  }

  @Override
  public boolean cancel(RunKey key, String why) {
    return remote.cancel(key, why) | local.cancel(key, why);
  }

  @Override
  public void close() {
    try {
      remote.close();
    } finally {
      local.close();
    }
  }
}
