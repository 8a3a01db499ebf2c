package dev.bulwark.core.gate;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict of {@code bulwark gate check} on a written gate file: open, blocked, or cannot
 * decide. A file is only as good as the runtime that keeps it current (it rewrites it every minute
 * while it runs): evaluating an old file's facts at a later time would vouch for facts nobody
 * observed, so a file older than {@link #DEFAULT_STALE_AFTER} (or the configured limit) decides
 * nothing.
 *
 * @param verdict open, blocked or undecided
 * @param decision the evaluation of the file's facts now (its reasons explain a blocked verdict)
 * @param undecidedReason why the gate cannot decide; null unless undecided
 */
public record GateCheck(Verdict verdict, GateDecision decision, String undecidedReason) {
  /** How old a gate file may be by default before the gate cannot decide. */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(5);

  /** What CI may do. */
  public enum Verdict {
    /** Ship: exit 0. */
    OPEN,
    /** Do not ship, with reasons: exit 1. */
    BLOCKED,
    /** The facts are unknown or too old to decide on: exit 2. */
    UNDECIDED;

    /** The exit code of {@code bulwark gate check}. */
    public int exitCode() {
      return ordinal();
    }
  }

  public GateCheck {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(decision, "decision");
  }

  /**
   * Evaluates {@code inputs} (the written file's facts, possibly refreshed and narrowed) at {@code
   * now}, unless {@code written} is older than {@code staleAfter}.
   */
  public static GateCheck of(
      GateDecision written,
      GateInputs inputs,
      GateSettings settings,
      Instant now,
      Duration staleAfter) {
    GateDecision decision = ReleaseGate.evaluate(inputs, settings, now);
    Optional<String> stale = staleness(written, now, staleAfter);
    if (stale.isPresent()) {
      return new GateCheck(Verdict.UNDECIDED, decision, stale.get());
    }
    return new GateCheck(decision.open() ? Verdict.OPEN : Verdict.BLOCKED, decision, null);
  }

  /** Why a file written at {@code written.evaluatedAt()} is too old at {@code now}, if it is. */
  static Optional<String> staleness(GateDecision written, Instant now, Duration staleAfter) {
    Duration age = Duration.between(written.evaluatedAt(), now);
    if (age.compareTo(staleAfter) <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        "cannot decide: the status is "
            + (age.toMinutes() < 120 ? age.toMinutes() + " minutes" : Ages.describe(age))
            + " old (gate.json was last evaluated at "
            + written.evaluatedAt()
            + ", limit "
            + Ages.describe(staleAfter)
            + "); is `bulwark run` still serving"
            + " this state directory? Start it (or fix it) and check again");
  }
}
