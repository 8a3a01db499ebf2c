package dev.bulwark.engine.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it; safe to read from other threads (a runtime's
 * loop) while the test thread moves it.
 */
public final class TestingClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private TestingClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock showing {@code instant}, in UTC. */
  public static TestingClock at(Instant instant) {
    return new TestingClock(new AtomicReference<>(Objects.requireNonNull(instant)), ZoneOffset.UTC);
  }

  /** A clock showing {@code instant} written as RFC 3339, e.g. {@code 2026-03-01T10:00:00Z}. */
  public static TestingClock at(String instant) {
    return at(Instant.parse(instant));
  }

  /** Moves the time forward (or back, with a negative duration); returns the new time. */
  public Instant advance(Duration duration) {
    return now.updateAndGet(t -> t.plus(duration));
  }

  /** Sets the time. */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view in another zone that shares this clock's time, so moving either moves both. */
  @Override
  public TestingClock withZone(ZoneId zone) {
    return new TestingClock(now, zone);
  }

  @Override
  public String toString() {
    return "TestingClock[" + now.get() + ", " + zone + "]";
  }
}
