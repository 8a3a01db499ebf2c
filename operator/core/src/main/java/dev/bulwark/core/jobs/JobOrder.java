package dev.bulwark.core.jobs;

import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.engine.format.SnapshotType;
import java.util.Objects;
import java.util.Optional;

/**
 * What a job is asked to do.
 *
 * @param type full or incremental (the engine takes a full when the cycle needs one)
 * @param trigger why it runs
 * @param actor who asked: {@code controller} or {@code cli:<user>}
 * @param attempt 1, or the retry number of a failed scheduled job
 * @param label a snapshot label, e.g. pre-upgrade
 * @param targetOverride {@code --target}; empty for the policy's own
 * @param retryOf the failed job this one retries (recorded as {@code retry_of}); empty for a first
 *     attempt
 */
public record JobOrder(
    SnapshotType type,
    JobTrigger trigger,
    String actor,
    int attempt,
    Optional<String> label,
    Optional<TargetProvider> targetOverride,
    Optional<String> retryOf) {

  /** The label of snapshots taken before an upgrade (R18). */
  public static final String PRE_UPGRADE_LABEL = "pre-upgrade";

  /** The actor of jobs the controllers start. */
  public static final String CONTROLLER = "controller";

  public JobOrder {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(actor, "actor");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt counts from 1");
    }
    label = label == null ? Optional.empty() : label;
    targetOverride = targetOverride == null ? Optional.empty() : targetOverride;
    retryOf = retryOf == null ? Optional.empty() : retryOf;
  }

  /** An order that retries nothing. */
  public JobOrder(
      SnapshotType type,
      JobTrigger trigger,
      String actor,
      int attempt,
      Optional<String> label,
      Optional<TargetProvider> targetOverride) {
    this(type, trigger, actor, attempt, label, targetOverride, Optional.empty());
  }

  /** A job of the policy's cadence (attempt 1) or a retry of one. */
  public static JobOrder scheduled(SnapshotType type, int attempt) {
    return new JobOrder(
        type, JobTrigger.SCHEDULE, CONTROLLER, attempt, Optional.empty(), Optional.empty());
  }

  /**
   * Attempt {@code attempt} of a scheduled run whose previous attempt, {@code previous}, failed.
   * {@code type} may be full where the failed attempt was incremental: a full that fell due during
   * the retries takes the retry's place.
   */
  public static JobOrder retry(SnapshotType type, int attempt, String previous) {
    return new JobOrder(
        type,
        JobTrigger.SCHEDULE,
        CONTROLLER,
        attempt,
        Optional.empty(),
        Optional.empty(),
        Optional.of(previous));
  }

  /** A job someone asked for now. */
  public static JobOrder manual(SnapshotType type, String actor, Optional<TargetProvider> target) {
    return new JobOrder(type, JobTrigger.MANUAL, actor, 1, Optional.empty(), target);
  }

  /** The full snapshot labelled pre-upgrade that the upgrade flow takes first (R18). */
  public static JobOrder preUpgrade(String actor, Optional<TargetProvider> target) {
    return new JobOrder(
        SnapshotType.FULL,
        JobTrigger.PRE_UPGRADE,
        actor,
        1,
        Optional.of(PRE_UPGRADE_LABEL),
        target);
  }
}
