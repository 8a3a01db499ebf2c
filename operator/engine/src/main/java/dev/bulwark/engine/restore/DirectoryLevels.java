package dev.bulwark.engine.restore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one operation on many directories of a destination across threads, one depth level at a
 * time, each thread with its own {@link DirectoryHandles}. Within a level no directory is the
 * ancestor of another, so threads never make, open or change the same directory at once; between
 * levels every thread has finished (a barrier), so a level may rely on the one before it (made
 * parents) or after it (children whose metadata is already set).
 *
 * <p>A destination of 80,000 files in as many directories spends seconds in the system calls that
 * make directories and set their modes and times; this spreads them over the cores.
 */
final class DirectoryLevels {
  /** Directories one thread takes at a time: neighbours in path order share cached parents. */
  private static final int BATCH = 64;

  /** The operation on one directory, through the calling thread's handles. */
  interface Operation {
    /**
     * Works on {@code relativeDir}.
     *
     * @throws RuntimeException (e.g. {@link PackExtractor.DestinationFailure}) to stop every thread
     */
    void apply(String relativeDir, DirectoryHandles handles);
  }

  private final Destination destination;
  private final int threads;

  DirectoryLevels(Destination destination, int threads) {
    this.destination = destination;
    this.threads = Math.max(1, threads);
  }

  /** {@code directories} and all their ancestors (without the root ""), by depth, shallow first. */
  static List<List<String>> withAncestorsByDepth(Collection<String> directories) {
    TreeSet<String> all = new TreeSet<>();
    for (String dir : directories) {
      for (String d = dir; !d.isEmpty() && all.add(d); d = Destination.parentOf(d)) {
        // Walks up until a directory already collected: its ancestors are collected too.
      }
    }
    TreeMap<Integer, List<String>> levels = new TreeMap<>();
    for (String dir : all) {
      levels.computeIfAbsent(depth(dir), k -> new ArrayList<>()).add(dir);
    }
    return new ArrayList<>(levels.values());
  }

  /** {@code directories} by depth, deepest first (children before their parents). */
  static List<List<String>> byDepthDeepestFirst(Collection<String> directories) {
    TreeMap<Integer, List<String>> levels = new TreeMap<>();
    for (String dir : new TreeSet<>(directories)) {
      levels.computeIfAbsent(depth(dir), k -> new ArrayList<>()).add(dir);
    }
    return new ArrayList<>(levels.descendingMap().values());
  }

  private static int depth(String dir) {
    int depth = dir.isEmpty() ? 0 : 1;
    for (int i = 0; i < dir.length(); i++) {
      if (dir.charAt(i) == '/') {
        depth++;
      }
    }
    return depth;
  }

  /**
   * Applies {@code operation} to every directory of every level in turn; returns what stopped it
   * (the first RuntimeException or Error of any thread, after which the others stop at their next
   * directory), or null.
   */
  Throwable run(List<List<String>> levels, Operation operation) {
    for (List<String> level : levels) {
      Throwable stopped = runLevel(level, operation);
      if (stopped != null) {
        return stopped;
      }
    }
    return null;
  }

  private Throwable runLevel(List<String> level, Operation operation) {
    AtomicReference<Throwable> fatal = new AtomicReference<>();
    AtomicInteger nextBatch = new AtomicInteger();
    Runnable worker =
        () -> {
          try (DirectoryHandles handles = destination.handles()) {
            int from;
            while (fatal.get() == null && (from = nextBatch.getAndAdd(BATCH)) < level.size()) {
              int to = Math.min(level.size(), from + BATCH);
              for (int i = from; i < to && fatal.get() == null; i++) {
                operation.apply(level.get(i), handles);
              }
            }
          } catch (RuntimeException | Error e) {
            fatal.compareAndSet(null, e);
          }
        };
    int count = Math.min(threads, (level.size() + BATCH - 1) / BATCH);
    if (count <= 1) {
      worker.run(); // a small level is not worth a thread
      return fatal.get();
    }
    // On an interrupt the others stop at their next directory; all are waited for.
    return WorkerThreads.runAll(count, "bulwark-restore-dirs", worker, fatal);
  }

  /** Rethrows an IOException from a directory operation as a failure that stops the restore. */
  static PackExtractor.DestinationFailure failure(String at, IOException e) {
    String message = Destination.reason(e);
    return new PackExtractor.DestinationFailure(
        at, message.contains(at) ? message : "cannot write " + at + ": " + message, e);
  }

  /** Whether the parent of {@code relativeDir} was made or found by the restore. */
  boolean parentPrepared(String relativeDir) {
    return destination.prepared(Destination.parentOf(relativeDir));
  }
}
