package dev.bulwark.engine.retention;

import java.time.Duration;
import java.time.Instant;

/**
 * The longest a cycle may grow: an incremental is taken only while its cycle's full started less
 * than {@code maxDays} ago, and must commit within {@link #COMMIT_GRACE} after that, otherwise the
 * job starts a new cycle with a full. Bounding the cycle bounds how long its full and packs must
 * outlive its first snapshot, which is what {@link ObjectExpiry} tags them with.
 *
 * @param maxDays days after the full's {@code started_at} during which incrementals may join it
 */
public record CycleBound(int maxDays) {
  /** How long after the cycle's end an incremental that started in time may still commit. */
  public static final Duration COMMIT_GRACE = Duration.ofDays(1);

  /** The default bound: a week, so weekly fulls work and a missed daily full costs nothing. */
  public static final int DEFAULT_MAX_DAYS = 7;

  public CycleBound {
    if (maxDays < 1 || maxDays > 366) {
      throw new IllegalArgumentException("the cycle bound must be 1-366 days, was " + maxDays);
    }
  }

  /** Whether a job starting at {@code now} may add an incremental to the full started then. */
  public boolean admitsIncremental(Instant fullStartedAt, Instant now) {
    return now.isBefore(end(fullStartedAt));
  }

  /** The last instant an incremental of the cycle may finish at and still be committed. */
  public Instant commitDeadline(Instant fullStartedAt) {
    return end(fullStartedAt).plus(COMMIT_GRACE);
  }

  private Instant end(Instant fullStartedAt) {
    return fullStartedAt.plus(Duration.ofDays(maxDays));
  }
}
