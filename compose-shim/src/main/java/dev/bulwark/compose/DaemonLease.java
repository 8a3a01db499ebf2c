package dev.bulwark.compose;

import dev.bulwark.compose.status.StateLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One active {@code bulwark run} per state directory, as leader election gives the Kubernetes mode:
 * an exclusive OS file lock on {@code <state>/daemon.lock}, held for the daemon's whole life. The
 * operating system releases it when the process dies, even on kill -9, so a standby that asks again
 * every second takes over within seconds; nothing needs a staleness rule. The file holds the
 * holder's pid, host and start time, for the standby's message. (On a network file system whose
 * locks are not reliable, run one daemon per state directory.)
 */
public final class DaemonLease implements AutoCloseable {
  /**
   * Leases held by this JVM: the OS lock is per process, so a second holder here is refused here.
   */
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private DaemonLease(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lease of {@code stateDir} (created if missing), or returns empty while another daemon
   * holds it.
   *
   * @throws UncheckedIOException when the lease file cannot be created or locked at all
   */
  public static Optional<DaemonLease> tryAcquire(Path stateDir, Clock clock) {
    Path file = new StateLayout(stateDir).daemonLease().toAbsolutePath().normalize();
    if (!HELD_HERE.add(file)) {
      return Optional.empty();
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(file.getParent());
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        release(file, channel);
        return Optional.empty();
      }
      // Only the holder writes, and only once it holds the lock: a standby never truncates it.
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              ("pid="
                      + ProcessHandle.current().pid()
                      + " host="
                      + hostName()
                      + " since="
                      + clock.instant()
                      + "\n")
                  .getBytes(StandardCharsets.UTF_8)),
          0);
      channel.force(false);
      return Optional.of(new DaemonLease(file, channel, lock));
    } catch (OverlappingFileLockException e) {
      release(file, channel);
      return Optional.empty();
    } catch (IOException e) {
      release(file, channel);
      throw new UncheckedIOException(
          "cannot take the daemon lease " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Who holds the lease of {@code stateDir}, as its holder wrote it ({@code pid=... host=...
   * since=...}).
   */
  public static String holder(Path stateDir) {
    try {
      String text = Files.readString(new StateLayout(stateDir).daemonLease()).strip();
      return text.isEmpty() ? "unknown holder" : text;
    } catch (IOException e) {
      return "unknown holder";
    }
  }

  /** The lease file. */
  public Path file() {
    return file;
  }

  /** Gives the lease up; a standby takes it at its next try. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases it too.
    } finally {
      release(file, channel);
    }
  }

  private static void release(Path file, FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing more to release
      }
    }
    HELD_HERE.remove(file);
  }

  /** The host name without a DNS lookup. */
  private static String hostName() {
    String name = ManagementFactory.getRuntimeMXBean().getName();
    int at = name.indexOf('@');
    return at >= 0 ? name.substring(at + 1) : name;
  }
}
