package dev.bulwark.engine.backup;

import dev.bulwark.engine.format.EntryType;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Walks sources in priority order (P0 first, stable within a priority), depth first in name order,
 * without ever following a symlink, and hands each entry to a sink on the calling thread.
 *
 * <p>Listing a directory and lstat-ing its children is the whole cost of an incremental with little
 * change, so directories are listed on a small pool: when the walk enters a directory it submits
 * the listings of all its subdirectories, which are ready by the time the walk reaches them.
 * Unreadable and special entries (sockets, devices, fifos) are skipped with a warning; an explicit
 * stack keeps very deep trees off the call stack.
 */
final class SourceScanner {
  /** Receives scanned entries on the scanning thread. */
  interface Sink {
    void accept(ScannedEntry entry) throws InterruptedException;
  }

  private final Warnings warnings;
  private final ExecutorService pool;
  private final Set<String> seen = new HashSet<>();

  /** Archive paths of the symlinks scanned. */
  private final List<String> symlinks = new ArrayList<>();

  SourceScanner(Warnings warnings, ExecutorService pool) {
    this.warnings = warnings;
    this.pool = pool;
  }

  /** Sources sorted P0 first, keeping the given order within a priority. */
  static List<SourceDirectory> inPriorityOrder(List<SourceDirectory> sources) {
    List<SourceDirectory> sorted = new ArrayList<>(sources);
    sorted.sort(Comparator.comparing(SourceDirectory::priority));
    return sorted;
  }

  void scan(List<SourceDirectory> sources, Sink sink) throws IOException, InterruptedException {
    for (SourceDirectory source : inPriorityOrder(sources)) {
      scanSource(source, sink);
    }
    warnOfEntriesBelowSymlinks(sources);
  }

  /**
   * A restore refuses a snapshot that holds entries below one of its own symlinks (it would have to
   * write through the link). The walk never follows a link, so only a source named through another
   * source's symlink puts entries there: warn of it now rather than at the first restore.
   */
  private void warnOfEntriesBelowSymlinks(List<SourceDirectory> sources) {
    for (SourceDirectory source : sources) {
      String base = source.archivePath();
      for (String link : symlinks) {
        if ((base + "/").startsWith(link + "/")) {
          warnings.add(
              source.path(),
              "this source is stored at "
                  + base
                  + ", below symlink "
                  + link
                  + " of the same"
                  + " snapshot (from another source); a restore refuses such a snapshot, since it"
                  + " would have to write through the link: name the source by its real path ("
                  + realPathOrUnknown(source)
                  + ") or drop the overlap");
          break;
        }
      }
    }
  }

  private static String realPathOrUnknown(SourceDirectory source) {
    try {
      return source.path().toRealPath().toString();
    } catch (IOException e) {
      return "unknown: " + describe(e);
    }
  }

  /** A listed directory: its children's entries, in name order, and which are directories. */
  private record Listing(List<ScannedEntry> children) {}

  private void scanSource(SourceDirectory source, Sink sink)
      throws IOException, InterruptedException {
    // The source directory itself may be reached through a symlink; nothing below it is followed.
    Path root = source.path().toRealPath();
    FileStat rootStat = FileStat.of(root);
    if (rootStat.type() != EntryType.DIRECTORY) {
      throw new IOException("source " + source.path() + " is not a directory");
    }
    PathFilter filter = new PathFilter(source.include(), source.exclude());
    String base = source.archivePath();
    if (!base.isEmpty() && seen.add(base)) {
      sink.accept(new ScannedEntry(root, base, rootStat, null, source));
    }
    Deque<CompletableFuture<Listing>> pending = new ArrayDeque<>();
    pending.push(list(root, "", source, filter));
    while (!pending.isEmpty()) {
      Listing listing;
      try {
        // get(), not join(): a cancel (an interrupt) must reach a walk waiting on a slow listing.
        listing = pending.pop().get();
      } catch (ExecutionException e) {
        throw new IOException("walking " + source.path() + " failed", e.getCause());
      }
      List<CompletableFuture<Listing>> subdirs = new ArrayList<>();
      for (ScannedEntry entry : listing.children()) {
        if (!seen.add(entry.archivePath())) {
          continue;
        }
        if (entry.stat().type() == EntryType.SYMLINK) {
          symlinks.add(entry.archivePath());
        }
        sink.accept(entry);
        if (entry.stat().type() == EntryType.DIRECTORY) {
          subdirs.add(list(entry.path(), relative(base, entry.archivePath()), source, filter));
        }
      }
      for (int i = subdirs.size() - 1; i >= 0; i--) {
        pending.push(subdirs.get(i));
      }
    }
  }

  private static String relative(String base, String archivePath) {
    return base.isEmpty() ? archivePath : archivePath.substring(base.length() + 1);
  }

  private CompletableFuture<Listing> list(
      Path dir, String relative, SourceDirectory source, PathFilter filter) {
    return CompletableFuture.supplyAsync(() -> listNow(dir, relative, source, filter), pool);
  }

  private Listing listNow(Path dir, String dirRelative, SourceDirectory source, PathFilter filter) {
    List<Path> names = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path child : stream) {
        names.add(child);
      }
    } catch (NoSuchFileException e) {
      warnings.add(dir, "directory vanished while it was walked");
      return new Listing(List.of());
    } catch (IOException e) {
      warnings.add(dir, "cannot list directory: " + describe(e));
      return new Listing(List.of());
    }
    Collections.sort(names);
    boolean filtered = filter.active();
    String base = source.archivePath();
    List<ScannedEntry> children = new ArrayList<>(names.size());
    for (Path child : names) {
      String name = child.getFileName().toString();
      String relative = dirRelative.isEmpty() ? name : dirRelative + "/" + name;
      Path relativePath = filtered ? Path.of(relative) : null;
      if (filtered && filter.excluded(relativePath)) {
        continue;
      }
      FileStat stat;
      try {
        stat = FileStat.of(child);
      } catch (NoSuchFileException e) {
        continue;
      } catch (IOException e) {
        warnings.add(child, "cannot stat: " + describe(e));
        continue;
      }
      if (stat.special()) {
        warnings.add(child, "skipped: not a regular file, directory or symlink");
        continue;
      }
      String archivePath = base.isEmpty() ? relative : base + "/" + relative;
      if (stat.type() != EntryType.DIRECTORY && filtered && !filter.included(relativePath)) {
        continue;
      }
      String link = null;
      if (stat.type() == EntryType.SYMLINK) {
        try {
          link = Files.readSymbolicLink(child).toString();
        } catch (IOException e) {
          warnings.add(child, "cannot read symlink: " + describe(e));
          continue;
        }
      }
      children.add(new ScannedEntry(child, archivePath, stat, link, source));
    }
    return new Listing(children);
  }

  static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
