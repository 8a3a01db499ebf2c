package dev.bulwark.targets.lifecycle;

import java.util.List;

/**
 * The outcome of a {@link HotTierCheck}: how many objects were examined and those that are past the
 * hot window, tagged hot, and still in the hot storage class (at most the requested number).
 */
public record HotTierReport(int examined, List<StoredObject> stillHot) {
  public HotTierReport {
    stillHot = List.copyOf(stillHot);
  }

  /** True when no object overstayed its hot window: the lifecycle rules are doing their job. */
  public boolean lifecycleInEffect() {
    return stillHot.isEmpty();
  }
}
