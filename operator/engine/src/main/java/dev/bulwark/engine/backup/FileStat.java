package dev.bulwark.engine.backup;

import dev.bulwark.engine.format.EntryType;
import dev.bulwark.engine.format.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * One lstat(2) of an entry: type, permission bits, size, mtime and inode, read in a single call
 * through the "unix" attribute view (never following a symlink).
 */
record FileStat(
    EntryType type,
    int mode,
    long size,
    FileTime mtime,
    long inode,
    boolean special,
    String mtimeText) {
  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;

  static FileStat of(Path path) throws IOException {
    Map<String, Object> a =
        Files.readAttributes(
            path, "unix:mode,ino,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    EntryType type =
        switch (mode & S_IFMT) {
          case S_IFDIR -> EntryType.DIRECTORY;
          case S_IFREG -> EntryType.FILE;
          case S_IFLNK -> EntryType.SYMLINK;
          default -> null;
        };
    FileTime mtime = (FileTime) a.get("lastModifiedTime");
    return new FileStat(
        type,
        mode & 07777,
        (Long) a.get("size"),
        mtime,
        (Long) a.get("ino"),
        type == null,
        Timestamps.format(mtime.toInstant()));
  }

  /** Whether content may have changed between two stats of the same file. */
  boolean sameContentAs(FileStat other) {
    return size == other.size && mtime.equals(other.mtime) && inode == other.inode;
  }
}
