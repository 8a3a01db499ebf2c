package dev.bulwark.core.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains one output stream of a child process on its own thread, keeping only the last {@code
 * limit} bytes: a chatty child can neither fill the pipe (and block) nor fill our memory.
 */
public final class OutputTail {
  private final byte[] ring;
  private long total;
  private final Thread drainer;

  public OutputTail(InputStream in, int limit, String threadName) {
    this.ring = new byte[limit];
    this.drainer = new Thread(() -> drain(in), threadName);
    drainer.setDaemon(true);
    drainer.start();
  }

  private void drain(InputStream in) {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        append(buffer, n);
      }
    } catch (IOException e) {
      // The stream closes when the process is killed; what was read so far is the tail.
    }
  }

  private synchronized void append(byte[] buffer, int n) {
    for (int i = 0; i < n; i++) {
      ring[(int) (total++ % ring.length)] = buffer[i];
    }
  }

  /**
   * Waits up to {@code millis} for the stream to end (a grandchild that escaped a kill may still
   * hold it open), then returns the tail read so far.
   */
  public String await(long millis) {
    try {
      drainer.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return text();
  }

  public synchronized String text() {
    int length = (int) Math.min(total, ring.length);
    byte[] tail = new byte[length];
    long start = total - length;
    for (int i = 0; i < length; i++) {
      tail[i] = ring[(int) ((start + i) % ring.length)];
    }
    String s = new String(tail, StandardCharsets.UTF_8).strip();
    return total > ring.length ? "..." + s : s;
  }
}
