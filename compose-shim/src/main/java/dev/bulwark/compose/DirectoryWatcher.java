package dev.bulwark.compose;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a directory tree with the platform's {@link WatchService} and reports that something
 * changed; it does not say what, because the runtime rescans and compares content hashes anyway
 * (which also covers OVERFLOW, when events were lost). New subdirectories are registered as they
 * appear; hidden ones ({@code .git}) are not watched, as the reader skips them too.
 */
final class DirectoryWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);

  private final Path root;
  private final Runnable onChange;
  private final Map<WatchKey, Path> watched = new ConcurrentHashMap<>();
  private WatchService service;
  private Thread thread;

  DirectoryWatcher(Path root, Runnable onChange) {
    this.root = root;
    this.onChange = onChange;
  }

  /** Registers the tree and starts reporting changes. */
  void start() throws IOException {
    service = root.getFileSystem().newWatchService();
    registerTree(root);
    thread = new Thread(this::run, "bulwark-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Registers every directory of the tree that is not yet watched (idempotent). Called on each
   * rescan too, so a directory that was replaced or briefly missing is watched again.
   */
  void refresh() {
    if (service != null && Files.isDirectory(root)) {
      registerTree(root);
    }
  }

  @Override
  public void close() {
    WatchService closing = service;
    if (closing != null) {
      try {
        closing.close();
      } catch (IOException e) {
        LOG.warn("closing the directory watch: {}", e.getMessage());
      }
    }
    Thread watcher = thread;
    if (watcher != null && watcher != Thread.currentThread()) {
      try {
        watcher.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    while (true) {
      WatchKey key;
      try {
        key = service.take();
      } catch (ClosedWatchServiceException e) {
        return; // close() was called
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        handle(key);
      } catch (ClosedWatchServiceException e) {
        return;
      } catch (RuntimeException e) {
        // Never stop watching over one odd event; the rescan below covers whatever it was.
        LOG.warn("handling a file event failed; rescanning", e);
      }
      onChange.run();
    }
  }

  private void handle(WatchKey key) {
    Path dir = watched.get(key);
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == ENTRY_CREATE && dir != null) {
        Path created = dir.resolve((Path) event.context());
        if (Files.isDirectory(created) && !isHidden(created)) {
          registerTree(created);
        }
      } else if (event.kind() == OVERFLOW) {
        LOG.info("file events overflowed; rescanning {}", root);
      }
    }
    if (!key.reset()) {
      watched.remove(key); // the directory is gone
    }
  }

  private void registerTree(Path start) {
    try {
      Files.walkFileTree(
          start,
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              if (!dir.equals(root) && isHidden(dir)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              watched.put(dir.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), dir);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE; // vanished while walking: the next event covers it
            }
          });
    } catch (ClosedWatchServiceException e) {
      // closing
    } catch (IOException e) {
      LOG.warn(
          "cannot watch {}: {}; the periodic rescan still sees its changes", start, e.getMessage());
    }
  }

  private static boolean isHidden(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().startsWith(".");
  }
}
