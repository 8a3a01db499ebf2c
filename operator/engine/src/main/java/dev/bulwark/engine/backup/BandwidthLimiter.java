package dev.bulwark.engine.backup;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket shared by every upload thread of one job: at most {@code burst + rate * t} bytes
 * pass in any {@code t} seconds. A caller reserves its bytes first and then sleeps until the bucket
 * has paid for them, so concurrent callers queue fairly without holding a lock while they wait.
 */
final class BandwidthLimiter {
  private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

  private final long bytesPerSecond;
  private final long burst;
  private double available;
  private long refilledAt;

  /** A limiter of {@code bytesPerSecond}, with a burst of 1/20 s of traffic (at least 64 KiB). */
  BandwidthLimiter(long bytesPerSecond) {
    if (bytesPerSecond < 1) {
      throw new IllegalArgumentException(
          "bytes per second must be positive, was " + bytesPerSecond);
    }
    this.bytesPerSecond = bytesPerSecond;
    // A small burst keeps the average honest over short jobs and the traffic smooth.
    this.burst = Math.max(64 * 1024, bytesPerSecond / 20);
    this.available = burst;
    this.refilledAt = System.nanoTime();
  }

  /** Blocks until {@code bytes} may be sent; returns the nanoseconds it waited. */
  long acquire(long bytes) throws InterruptedIOException {
    long waitNanos = reserve(bytes);
    if (waitNanos <= 0) {
      return 0;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(waitNanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("upload interrupted while throttled");
    }
    return waitNanos;
  }

  /** Takes {@code bytes} from the bucket (going into debt) and returns how long to wait. */
  private synchronized long reserve(long bytes) {
    long now = System.nanoTime();
    available =
        Math.min(
            burst, available + (double) (now - refilledAt) * bytesPerSecond / NANOS_PER_SECOND);
    refilledAt = now;
    available -= bytes;
    if (available >= 0) {
      return 0;
    }
    return (long) Math.ceil(-available * NANOS_PER_SECOND / bytesPerSecond);
  }
}
