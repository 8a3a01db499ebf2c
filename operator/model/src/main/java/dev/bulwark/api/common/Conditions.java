package dev.bulwark.api.common;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Typed access to a status' condition list. {@link #set} keeps {@code lastTransitionTime} unless
 * the status flips, as Kubernetes' {@code meta.SetStatusCondition} does.
 */
public final class Conditions {
  private final List<Condition> list;

  /** Wraps (does not copy) a mutable condition list. */
  public Conditions(List<Condition> list) {
    this.list = list;
  }

  /** The condition of a type, if set. */
  public Optional<Condition> get(ConditionType type) {
    return list.stream().filter(c -> type.wireName().equals(c.getType())).findFirst();
  }

  /** True when the condition of a type is set and its status is "True". */
  public boolean isTrue(ConditionType type) {
    return get(type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /** True when the condition of a type is set and its status is "False". */
  public boolean isFalse(ConditionType type) {
    return get(type).map(c -> "False".equals(c.getStatus())).orElse(false);
  }

  /**
   * Sets a condition, returning true when its status flipped (or it is new): the moment to alert.
   * Reason, message and observedGeneration always take the new values.
   */
  public boolean set(
      ConditionType type,
      boolean status,
      ConditionReason reason,
      String message,
      Long observedGeneration,
      Instant now) {
    return set(type, status ? "True" : "False", reason, message, observedGeneration, now);
  }

  /**
   * Like {@link #set(ConditionType, boolean, ConditionReason, String, Long, Instant)} for
   * "Unknown".
   */
  public boolean setUnknown(
      ConditionType type,
      ConditionReason reason,
      String message,
      Long observedGeneration,
      Instant now) {
    return set(type, "Unknown", reason, message, observedGeneration, now);
  }

  private boolean set(
      ConditionType type,
      String status,
      ConditionReason reason,
      String message,
      Long observedGeneration,
      Instant now) {
    Optional<Condition> existing = get(type);
    Condition condition = existing.orElseGet(Condition::new);
    boolean flipped = existing.isEmpty() || !status.equals(condition.getStatus());
    condition.setType(type.wireName());
    condition.setStatus(status);
    condition.setReason(reason.wireName());
    condition.setMessage(message);
    condition.setObservedGeneration(observedGeneration);
    if (flipped || condition.getLastTransitionTime() == null) {
      condition.setLastTransitionTime(now.toString());
    }
    if (existing.isEmpty()) {
      list.add(condition);
    }
    return flipped;
  }

  /** Removes the condition of a type; true when there was one. */
  public boolean remove(ConditionType type) {
    return list.removeIf(c -> type.wireName().equals(c.getType()));
  }
}
