package dev.bulwark.engine.backup;

import dev.bulwark.engine.target.ObjectWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The upload limits of one job (R10), applied where packs are written to the target: a bandwidth
 * limit shared by all upload threads and a bound on how many threads transfer to the target at
 * once. Reading, hashing and compressing go on in parallel; only the transfers queue.
 */
final class UploadThrottle {
  /** Writes are cut into slices this large so a big frame does not leave as one burst. */
  private static final int SLICE = 128 * 1024;

  private final BandwidthLimiter bandwidth;
  private final Semaphore slots;
  private final AtomicLong waitedNanos = new AtomicLong();

  UploadThrottle(OptionalLong bytesPerSecond, OptionalInt maxConcurrentUploads) {
    this.bandwidth =
        bytesPerSecond.isPresent() ? new BandwidthLimiter(bytesPerSecond.getAsLong()) : null;
    this.slots =
        maxConcurrentUploads.isPresent()
            ? new Semaphore(maxConcurrentUploads.getAsInt(), true)
            : null;
  }

  /** {@code writer}, limited; the writer itself when no limit is set. */
  ObjectWriter wrap(ObjectWriter writer) {
    if (bandwidth == null && slots == null) {
      return writer;
    }
    return new ThrottledWriter(writer);
  }

  /** Time upload threads spent waiting for bandwidth or an upload slot, summed over threads. */
  Duration waited() {
    return Duration.ofNanos(waitedNanos.get());
  }

  private void takeSlot() throws InterruptedIOException {
    if (slots == null || slots.tryAcquire()) {
      return;
    }
    long start = System.nanoTime();
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("upload interrupted while waiting for an upload slot");
    }
    waitedNanos.addAndGet(System.nanoTime() - start);
  }

  private void releaseSlot() {
    if (slots != null) {
      slots.release();
    }
  }

  /** An upload whose transfers hold a slot and pay the bandwidth limit. */
  private final class ThrottledWriter extends ObjectWriter {
    private final ObjectWriter inner;

    ThrottledWriter(ObjectWriter inner) {
      this.inner = inner;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      takeSlot();
      try {
        int done = 0;
        while (done < length) {
          int n = Math.min(SLICE, length - done);
          if (bandwidth != null) {
            waitedNanos.addAndGet(bandwidth.acquire(n));
          }
          inner.write(bytes, offset + done, n);
          done += n;
        }
      } finally {
        releaseSlot();
      }
    }

    @Override
    public void flush() throws IOException {
      inner.flush();
    }

    @Override
    public void commit() throws IOException {
      // A multipart store sends its last part and completes the upload here.
      takeSlot();
      try {
        inner.commit();
      } finally {
        releaseSlot();
      }
    }

    @Override
    public void abort() {
      inner.abort();
    }

    @Override
    public long position() {
      return inner.position();
    }
  }
}
