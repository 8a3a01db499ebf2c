package dev.bulwark.targets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until a test moves it, so job ids and "as of" times are exact. */
public final class SteppingClock extends Clock {
  private volatile Instant now;

  public SteppingClock(Instant start) {
    this.now = start;
  }

  /** Moves the clock forward. */
  public void advance(Duration step) {
    now = now.plus(step);
  }

  /** Sets the clock to {@code instant}. */
  public void set(Instant instant) {
    now = instant;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
