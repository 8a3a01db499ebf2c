package dev.bulwark.core.runs;

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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one run per owner at a time (a policy's jobs, a drill's runs), across processes on this
 * machine: an exclusive OS file lock on {@code <owner's run dir>/.lock}, held for the whole run.
 * The operating system releases it when the process dies, even on kill -9, so a dead run never
 * blocks the next one, and whoever takes it knows that an unfinished record of that owner was
 * abandoned. (Across machines the engine's repository lock takes over.) The file holds the owner's
 * pid and run id ({@code job_id=}, its historical name) for messages.
 */
public final class RunLock implements AutoCloseable {
  /** Locks held by this JVM: the OS lock is per process, so threads are kept apart here. */
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of the jobs directory {@code dir} for {@code jobId}, or returns empty when
   * another job (in this or another process) holds it.
   */
  public static Optional<RunLock> tryAcquire(Path dir, String jobId) {
    return tryAcquireFile(dir.resolve(".lock"), jobId);
  }

  /**
   * Takes the lock file {@code lockFile} itself for {@code runId}, for kinds whose lock sits apart
   * from their records (a plan's {@code run.lock}); empty when another run holds it.
   *
   * @throws UncheckedIOException when the file cannot be created or locked
   */
  public static Optional<RunLock> tryAcquireFile(Path lockFile, String runId) {
    Path file = lockFile.toAbsolutePath().normalize();
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
        channel.close();
        HELD_HERE.remove(file);
        return Optional.empty();
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              ("pid=" + ProcessHandle.current().pid() + " job_id=" + runId + "\n")
                  .getBytes(StandardCharsets.UTF_8)),
          0);
      return Optional.of(new RunLock(file, channel, lock));
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      HELD_HERE.remove(file);
      return Optional.empty();
    } catch (IOException e) {
      closeQuietly(channel);
      HELD_HERE.remove(file);
      throw new UncheckedIOException("cannot take the job lock " + file + ": " + e.getMessage(), e);
    }
  }

  /** Who holds the lock of {@code dir}, as written by the holder ({@code pid=... job_id=...}). */
  public static String holder(Path dir) {
    try {
      return Files.readString(dir.resolve(".lock")).strip();
    } catch (IOException e) {
      return "unknown holder";
    }
  }

  /** Releases the lock. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // The channel close below releases it too.
    } finally {
      closeQuietly(channel);
      HELD_HERE.remove(file);
    }
  }

  /** The host name for run records, without a DNS lookup. */
  public static String hostName() {
    String name = ManagementFactory.getRuntimeMXBean().getName();
    int at = name.indexOf('@');
    return at >= 0 ? name.substring(at + 1) : name;
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing more to release
      }
    }
  }
}
