package dev.bulwark.engine.prune;

import dev.bulwark.engine.retention.RetentionPolicy;
import java.time.Duration;
import java.util.Objects;

/** What to prune by: a retention policy, and whether only to report (dry run). */
public final class PruneRequest {
  private final RetentionPolicy retention;
  private final boolean dryRun;
  private final Duration lockStaleAfter;

  private PruneRequest(Builder b) {
    this.retention = b.retention;
    this.dryRun = b.dryRun;
    this.lockStaleAfter = b.lockStaleAfter;
  }

  /** Starts a request that prunes by {@code retention}. */
  public static Builder builder(RetentionPolicy retention) {
    return new Builder(retention);
  }

  public RetentionPolicy retention() {
    return retention;
  }

  /** Whether the prune only reports what it would remove (no lock taken, nothing written). */
  public boolean dryRun() {
    return dryRun;
  }

  /** How long the prune's lock stays valid without a refresh. */
  public Duration lockStaleAfter() {
    return lockStaleAfter;
  }

  /** Builds a {@link PruneRequest}. */
  public static final class Builder {
    private final RetentionPolicy retention;
    private boolean dryRun;
    private Duration lockStaleAfter = Duration.ofMinutes(10);

    private Builder(RetentionPolicy retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
    }

    /** Decides and reports, and deletes nothing. */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /** How long the lock stays valid without a refresh (default 10 minutes). */
    public Builder lockStaleAfter(Duration staleAfter) {
      if (staleAfter.isNegative() || staleAfter.isZero()) {
        throw new IllegalArgumentException("lock staleness must be positive, was " + staleAfter);
      }
      this.lockStaleAfter = staleAfter;
      return this;
    }

    public PruneRequest build() {
      return new PruneRequest(this);
    }
  }
}
