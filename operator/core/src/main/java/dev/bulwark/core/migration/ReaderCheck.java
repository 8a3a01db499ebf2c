package dev.bulwark.core.migration;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The N-1 reading check of a plan (R19): which selected objects a reader of version {@code to} that
 * also accepts {@code to - 1} would meet and not understand.
 *
 * @param plan the MigrationPlan
 * @param oldestReadable {@code to - 1}
 * @param selected objects selected
 * @param tooOld objects older than {@code oldestReadable} or without a version, with theirs
 * @param unreadable objects that do not parse
 */
public record ReaderCheck(
    @JsonProperty("plan") String plan,
    @JsonProperty("oldest_readable") int oldestReadable,
    @JsonProperty("selected") int selected,
    @JsonProperty("too_old") List<String> tooOld,
    @JsonProperty("unreadable") List<ObjectFailure> unreadable) {

  public ReaderCheck {
    tooOld = List.copyOf(tooOld);
    unreadable = List.copyOf(unreadable);
  }

  /** Whether every selected object is readable at N-1. */
  public boolean passed() {
    return tooOld.isEmpty() && unreadable.isEmpty();
  }
}
