package dev.bulwark.engine.restore;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thread's open directory handles under a restore destination, by relative path. A handle is
 * reached from the destination's root one component at a time, each opened relative to its parent
 * without following a symlink and checked to be the directory the restore made or found there; so
 * whatever replaces a directory later, what is written through its handle lands in that directory.
 * Beyond {@value #CAPACITY} handles the least recently used unpinned ones are closed. Not
 * thread-safe: each restore thread has its own.
 */
final class DirectoryHandles implements Closeable {
  private static final int CAPACITY = 64;

  private static final class Slot {
    final SecureDirectoryStream<Path> handle;
    int pins;

    Slot(SecureDirectoryStream<Path> handle) {
      this.handle = handle;
    }
  }

  private final Destination destination;

  /** The root handle belongs to the destination: never evicted or closed here. */
  private final Slot rootSlot;

  private final LinkedHashMap<String, Slot> open = new LinkedHashMap<>(CAPACITY * 2, 0.75f, true);

  DirectoryHandles(Destination destination) {
    this.destination = destination;
    this.rootSlot = new Slot(destination.rootHandle());
  }

  /**
   * The handle of directory {@code relativeDir} ("" is the root), valid until the next call unless
   * pinned.
   *
   * @throws DestinationChangedException when a component is no longer the directory recorded
   */
  SecureDirectoryStream<Path> get(String relativeDir) throws IOException {
    return slot(relativeDir).handle;
  }

  /** {@link #get}, kept open until {@link #unpin} (e.g. while a file is written into it). */
  SecureDirectoryStream<Path> pin(String relativeDir) throws IOException {
    Slot slot = slot(relativeDir);
    slot.pins++;
    return slot.handle;
  }

  void unpin(String relativeDir) {
    Slot slot = open.get(relativeDir);
    if (slot != null && slot.pins > 0) {
      slot.pins--;
    }
  }

  /** Keeps a handle the caller opened (and checked) for {@code relativeDir}. */
  void put(String relativeDir, SecureDirectoryStream<Path> handle) {
    Slot previous = open.get(relativeDir);
    if (previous != null) {
      if (previous.handle == handle) {
        return;
      }
      if (previous.pins > 0) {
        // In use by a file being written: keep it; the new handle is not needed.
        Destination.closeQuietly(handle);
        return;
      }
      Destination.closeQuietly(previous.handle);
    }
    open.put(relativeDir, new Slot(handle));
    evict(relativeDir);
  }

  private Slot slot(String relativeDir) throws IOException {
    if (relativeDir.isEmpty()) {
      return rootSlot;
    }
    Slot cached = open.get(relativeDir);
    if (cached != null) {
      return cached;
    }
    SecureDirectoryStream<Path> parent = get(Destination.parentOf(relativeDir));
    Slot slot = new Slot(destination.openRecorded(parent, relativeDir));
    open.put(relativeDir, slot);
    evict(relativeDir);
    return slot;
  }

  /** Closes the least recently used unpinned handles beyond the capacity, never {@code keep}'s. */
  private void evict(String keep) {
    Iterator<Map.Entry<String, Slot>> it = open.entrySet().iterator();
    while (open.size() > CAPACITY && it.hasNext()) {
      Map.Entry<String, Slot> entry = it.next();
      Slot slot = entry.getValue();
      if (slot.pins == 0 && !entry.getKey().equals(keep)) {
        Destination.closeQuietly(slot.handle);
        it.remove();
      }
    }
  }

  @Override
  public void close() {
    open.values().forEach(s -> Destination.closeQuietly(s.handle));
    open.clear();
  }
}
