package dev.bulwark.core.overview;

import java.util.Locale;

/** How a resource is doing, in the one word the status page and {@code bulwark status} show. */
public enum Health {
  /** Served, and its last runs did what they should. */
  HEALTHY,
  /** Served, but nothing to judge yet: no run, or the first one is going. */
  PENDING,
  /**
   * Served and working, with something to look at: stale data, missed objectives, one failed job.
   */
  WARNING,
  /** Its runs fail: two or more backup jobs in a row, the last drill, migration or replay. */
  FAILING,
  /** Its declaration cannot be served: schema or semantic errors, an unreadable file. */
  INVALID,
  /** Its declaration is gone; the last status is kept as a record. */
  DELETED;

  /** The lower-case word shown to people, e.g. {@code failing}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether someone should act: warnings, failures and invalid declarations. */
  public boolean needsAttention() {
    return this == WARNING || this == FAILING || this == INVALID;
  }
}
