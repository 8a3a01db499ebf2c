package dev.bulwark.core.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one reconcile: the status to write, the actions to carry out, and when to look
 * again (empty: only when the resource changes).
 *
 * @param <S> the status type
 */
public record ReconcileResult<S>(S status, List<Action> actions, Optional<Instant> requeueAt) {

  public ReconcileResult {
    actions = List.copyOf(actions);
  }
}
