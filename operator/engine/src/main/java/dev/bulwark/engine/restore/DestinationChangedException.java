package dev.bulwark.engine.restore;

import java.io.IOException;

/**
 * Something else changed the destination while a restore ran: a directory the restore made or
 * checked is now a symlink, a file, another directory, or gone. The entries that needed it are
 * refused (never written through what replaced it); the rest of the restore goes on.
 */
final class DestinationChangedException extends IOException {
  private static final long serialVersionUID = 1L;

  DestinationChangedException(String relativePath, String what) {
    super((relativePath.isEmpty() ? "the destination" : relativePath) + " " + what);
  }
}
