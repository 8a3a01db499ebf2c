package dev.bulwark.engine.testing;

import dev.bulwark.engine.target.ObjectInfo;
import dev.bulwark.engine.target.ObjectPage;
import dev.bulwark.engine.target.ObjectWriter;
import dev.bulwark.engine.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A target whose chosen uploads fail, the way a store that dies (or a directory made immutable)
 * fails a request: from the n-th write or commit of an object whose key matches on, every such call
 * fails with an IOException (or, to mimic a client library that throws unchecked, an
 * UncheckedIOException) and the upload leaves nothing, as the real target's aborted upload does.
 * Optionally, matching commits first wait until {@link #release()}, so a test can act while an
 * upload is in flight. Counts the calls that start after {@link #seal()}, so a test can prove a
 * finished job left no thread writing.
 */
public final class FailingWritesTarget extends ForwardingTarget {
  /** Which call of an upload fails. */
  public enum Stage {
    WRITE,
    COMMIT
  }

  private final Predicate<String> matching;
  private final Stage stage;
  private final int failFrom;
  private final boolean unchecked;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger callsAfterSeal = new AtomicInteger();
  private final CountDownLatch stalled = new CountDownLatch(1);
  private final CountDownLatch released;
  private final Duration stallLimit;
  private volatile boolean sealed;

  private FailingWritesTarget(
      Target delegate,
      Predicate<String> matching,
      Stage stage,
      int failFrom,
      boolean unchecked,
      boolean stall,
      Duration stallLimit) {
    super(delegate);
    this.matching = matching;
    this.stage = stage;
    this.failFrom = failFrom;
    this.unchecked = unchecked;
    this.released = new CountDownLatch(stall ? 1 : 0);
    this.stallLimit = stallLimit;
  }

  /**
   * Fails the {@code n}-th (1-based) and every later {@code stage} call of an upload whose key
   * {@code matching} accepts, with an IOException.
   */
  public static FailingWritesTarget failing(
      Target delegate, Predicate<String> matching, Stage stage, int n) {
    return new FailingWritesTarget(delegate, matching, stage, n, false, false, null);
  }

  /** As {@link #failing}, but the failure is unchecked, as some client libraries throw. */
  public static FailingWritesTarget failingUnchecked(
      Target delegate, Predicate<String> matching, Stage stage, int n) {
    return new FailingWritesTarget(delegate, matching, stage, n, true, false, null);
  }

  /** Holds every matching commit until {@link #release()}; then lets it succeed. */
  public static FailingWritesTarget stallingCommits(Target delegate, Predicate<String> matching) {
    return new FailingWritesTarget(
        delegate, matching, Stage.COMMIT, Integer.MAX_VALUE, false, true, null);
  }

  /**
   * Holds every matching commit until {@link #release()}, but at most {@code limit}: then the
   * commit fails as a request that ran into its client's timeout does.
   */
  public static FailingWritesTarget hangingCommits(
      Target delegate, Predicate<String> matching, Duration limit) {
    return new FailingWritesTarget(
        delegate, matching, Stage.COMMIT, Integer.MAX_VALUE, false, true, limit);
  }

  /** How many matching commits failed so far. */
  public int failures() {
    return failures.get();
  }

  /** Waits until a matching commit is held (stalling mode). */
  public void awaitStalled() throws InterruptedException {
    stalled.await();
  }

  /** Lets held commits go on. */
  public void release() {
    released.countDown();
  }

  /** From now on, counts every call made through this target. */
  public void seal() {
    sealed = true;
  }

  /** Calls made after {@link #seal()}. */
  public int callsAfterSeal() {
    return callsAfterSeal.get();
  }

  private void failFrom(int n, String key, ObjectWriter inner) throws IOException {
    if (n < failFrom) {
      return;
    }
    failures.incrementAndGet();
    inner.abort();
    IOException failure = new IOException("simulated store failure writing " + key);
    if (unchecked) {
      throw new UncheckedIOException(failure);
    }
    throw failure;
  }

  private void observe() {
    if (sealed) {
      callsAfterSeal.incrementAndGet();
    }
  }

  @Override
  public ObjectWriter create(String key, Map<String, String> tags) throws IOException {
    observe();
    ObjectWriter inner = delegate.create(key, tags);
    if (!matching.test(key)) {
      return inner;
    }
    return new ObjectWriter() {
      @Override
      public void write(int b) throws IOException {
        observe();
        inner.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        observe();
        if (stage == Stage.WRITE) {
          failFrom(calls.incrementAndGet(), key, inner);
        }
        inner.write(b, off, len);
      }

      @Override
      public void commit() throws IOException {
        observe();
        if (stage != Stage.COMMIT) {
          inner.commit();
          return;
        }
        int n = calls.incrementAndGet();
        if (released.getCount() > 0) {
          stalled.countDown();
          try {
            if (stallLimit == null) {
              released.await();
            } else if (!released.await(stallLimit.toMillis(), TimeUnit.MILLISECONDS)) {
              failures.incrementAndGet();
              inner.abort();
              throw new IOException("request timed out after " + stallLimit + " committing " + key);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            inner.abort();
            throw new InterruptedIOException("upload of " + key + " interrupted");
          }
        }
        failFrom(n, key, inner);
        inner.commit();
      }

      @Override
      public void abort() {
        inner.abort();
      }

      @Override
      public long position() {
        return inner.position();
      }
    };
  }

  @Override
  public void replace(String key, byte[] content) throws IOException {
    observe();
    super.replace(key, content);
  }

  @Override
  public InputStream get(String key) throws IOException {
    observe();
    return super.get(key);
  }

  @Override
  public Optional<ObjectInfo> head(String key) throws IOException {
    observe();
    return super.head(key);
  }

  @Override
  public ObjectPage list(String prefix, String startAfter, int maxKeys) throws IOException {
    observe();
    return super.list(prefix, startAfter, maxKeys);
  }

  @Override
  public void delete(String key) throws IOException {
    observe();
    super.delete(key);
  }

  @Override
  public void abortIncompleteWrites(String keyPrefix) throws IOException {
    observe();
    super.abortIncompleteWrites(keyPrefix);
  }
}
