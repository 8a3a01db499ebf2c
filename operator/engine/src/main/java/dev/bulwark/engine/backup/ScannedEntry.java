package dev.bulwark.engine.backup;

import java.nio.file.Path;

/** An entry found while walking a source: where it is, its archive path and its lstat. */
record ScannedEntry(
    Path path, String archivePath, FileStat stat, String link, SourceDirectory source) {}
