package dev.bulwark.core.reconcile;

import java.time.Duration;
import java.time.Instant;

/**
 * How often a controller looks at its history again even when nothing is due: jobs and drills
 * started from the CLI (or by another replica) are written to the same history files, and the
 * status, the alerts and the release gate must reflect them within a minute, not at the next
 * scheduled fire days later.
 */
final class HistoryPoll {
  /** The longest a served policy or drill goes without a reconcile. */
  static final Duration INTERVAL = Duration.ofSeconds(30);

  private HistoryPoll() {}

  /** {@code next}, or sooner when it is more than {@link #INTERVAL} away. */
  static Instant atMost(Instant next, Instant now) {
    Instant poll = now.plus(INTERVAL);
    return next.isAfter(poll) ? poll : next;
  }
}
