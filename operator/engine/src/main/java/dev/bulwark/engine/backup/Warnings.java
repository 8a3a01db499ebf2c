package dev.bulwark.engine.backup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Problems that do not fail a backup (skipped or unstable files, a parent cache that could not be
 * written), collected in order.
 */
final class Warnings {
  private static final int KEPT = 1000;
  private final ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicInteger count =
      new java.util.concurrent.atomic.AtomicInteger();

  void add(Path path, String reason) {
    if (count.incrementAndGet() <= KEPT) {
      messages.add(path + ": " + reason);
    }
  }

  /** A problem of the job rather than of one file (e.g. its parent cache). */
  void add(String message) {
    if (count.incrementAndGet() <= KEPT) {
      messages.add(message);
    }
  }

  List<String> list() {
    List<String> list = new ArrayList<>(messages);
    int dropped = count.get() - list.size();
    if (dropped > 0) {
      list.add("... and " + dropped + " more warnings");
    }
    return list;
  }
}
