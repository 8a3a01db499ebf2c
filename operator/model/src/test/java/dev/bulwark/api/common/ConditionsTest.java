package dev.bulwark.api.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Conditions as Kubernetes defines them: {@code lastTransitionTime} moves only when the status
 * flips, while reason, message and observedGeneration always take the newest values; a flip is what
 * the runtimes alert on.
 */
class ConditionsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant T1 = T0.plusSeconds(60);
  private static final Instant T2 = T0.plusSeconds(120);

  @Test
  void aNewConditionIsAFlipAndStampsItsTransition() {
    List<Condition> list = new ArrayList<>();
    Conditions conditions = new Conditions(list);

    boolean flipped =
        conditions.set(ConditionType.VALID, true, ConditionReason.SPEC_VALID, "ok", 1L, T0);

    assertThat(flipped).isTrue();
    assertThat(list).hasSize(1);
    Condition valid = list.get(0);
    assertThat(valid.getType()).isEqualTo("Valid");
    assertThat(valid.getStatus()).isEqualTo("True");
    assertThat(valid.getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(conditions.isTrue(ConditionType.VALID)).isTrue();
    assertThat(conditions.isFalse(ConditionType.VALID)).isFalse();
  }

  @Test
  void theSameStatusAgainKeepsTheTransitionTimeButTakesTheNewMessage() {
    Conditions conditions = new Conditions(new ArrayList<>());
    conditions.set(ConditionType.VALID, true, ConditionReason.SPEC_VALID, "ok", 1L, T0);

    boolean flipped =
        conditions.set(ConditionType.VALID, true, ConditionReason.SPEC_VALID, "still ok", 2L, T1);

    assertThat(flipped).isFalse();
    Condition valid = conditions.get(ConditionType.VALID).orElseThrow();
    assertThat(valid.getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(valid.getMessage()).isEqualTo("still ok");
    assertThat(valid.getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void aFlipMovesTheTransitionTimeAndUnknownIsAStatusOfItsOwn() {
    Conditions conditions = new Conditions(new ArrayList<>());
    conditions.set(ConditionType.VALID, true, ConditionReason.SPEC_VALID, "ok", 1L, T0);

    assertThat(
            conditions.set(ConditionType.VALID, false, ConditionReason.SPEC_INVALID, "bad", 2L, T1))
        .isTrue();
    assertThat(conditions.get(ConditionType.VALID).orElseThrow().getLastTransitionTime())
        .isEqualTo(T1.toString());
    assertThat(conditions.isFalse(ConditionType.VALID)).isTrue();

    assertThat(
            conditions.setUnknown(ConditionType.VALID, ConditionReason.SPEC_INVALID, "?", 3L, T2))
        .isTrue();
    assertThat(conditions.isTrue(ConditionType.VALID)).isFalse();
    assertThat(conditions.isFalse(ConditionType.VALID)).isFalse();
    assertThat(conditions.get(ConditionType.VALID).orElseThrow().getLastTransitionTime())
        .isEqualTo(T2.toString());
  }

  @Test
  void removingAnAbsentConditionSaysSo() {
    Conditions conditions = new Conditions(new ArrayList<>());
    conditions.set(ConditionType.VALID, true, ConditionReason.SPEC_VALID, "ok", 1L, T0);

    assertThat(conditions.remove(ConditionType.VALID)).isTrue();
    assertThat(conditions.remove(ConditionType.VALID)).isFalse();
    assertThat(conditions.get(ConditionType.VALID)).isEmpty();
  }
}
