package dev.bulwark.core.replay;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.replay.ReplayMode;
import dev.bulwark.api.replay.ReplayPlan;
import dev.bulwark.core.jobs.JobOrder;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of a ReplayPlan.
 *
 * @param plan the plan
 * @param policy its BackupPolicy; needed only when the inputs come from a snapshot
 * @param action dry-run, apply or backfill
 * @param partition only this partition (a day in the window), when given
 * @param window a window replacing the plan's own (backfill --window)
 * @param generation the spec generation a controller-started run is for; empty for the CLI
 * @param trigger manual or controller
 * @param actor {@code controller} or {@code cli:<user>}
 */
public record ReplayRequest(
    ReplayPlan plan,
    Optional<BackupPolicy> policy,
    ReplayAction action,
    Optional<String> partition,
    Optional<DayWindow> window,
    Optional<Long> generation,
    String trigger,
    String actor) {

  public ReplayRequest {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(action, "action");
    policy = policy == null ? Optional.empty() : policy;
    partition = partition == null ? Optional.empty() : partition;
    window = window == null ? Optional.empty() : window;
    generation = generation == null ? Optional.empty() : generation;
  }

  /** A request from the command line by {@code actor}, for the plan's whole window. */
  public static ReplayRequest manual(
      ReplayPlan plan, Optional<BackupPolicy> policy, ReplayAction action, String actor) {
    return new ReplayRequest(
        plan,
        policy,
        action,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "manual",
        actor);
  }

  /**
   * The request of a ReplayPlan controller: the plan's whole window in the plan's own mode (a
   * dry-run plan writes its plan records, an apply plan publishes partitions), for spec generation
   * {@code generation}.
   */
  public static ReplayRequest controller(
      ReplayPlan plan, Optional<BackupPolicy> policy, long generation) {
    ReplayAction action =
        plan.getSpec().getMode() == ReplayMode.APPLY ? ReplayAction.APPLY : ReplayAction.DRY_RUN;
    return new ReplayRequest(
        plan,
        policy,
        action,
        Optional.empty(),
        Optional.empty(),
        Optional.of(generation),
        "controller",
        JobOrder.CONTROLLER);
  }

  /** This request for {@code partition} only. */
  public ReplayRequest onlyPartition(String key) {
    return new ReplayRequest(
        plan, policy, action, Optional.of(key), window, generation, trigger, actor);
  }

  /** This request over {@code days} instead of the plan's window. */
  public ReplayRequest over(DayWindow days) {
    return new ReplayRequest(
        plan, policy, action, partition, Optional.of(days), generation, trigger, actor);
  }
}
