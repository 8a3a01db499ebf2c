package dev.bulwark.engine.restore;

import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.EngineVersion;
import dev.bulwark.engine.RestoreRefusedException;
import dev.bulwark.engine.TargetAccessException;
import dev.bulwark.engine.catalog.SnapshotIndex;
import dev.bulwark.engine.format.EntryType;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.target.ObjectInfo;
import dev.bulwark.engine.target.Target;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a restore will write, and the checks made before anything is written: safe paths and links,
 * known versions, every pack present, a writable destination with room, and no existing entry
 * overwritten without force.
 */
final class RestorePlan {
  private static final int UNSTABLE_NAMED = 20;
  final List<FileEntry> directories = new ArrayList<>();
  final List<FileEntry> files = new ArrayList<>();
  final List<FileEntry> symlinks = new ArrayList<>();
  final List<String> warnings = new ArrayList<>();
  long bytes;

  private RestorePlan() {}

  /** Every selected entry: directories, symlinks, then files. */
  List<FileEntry> entries() {
    List<FileEntry> all = new ArrayList<>(directories.size() + symlinks.size() + files.size());
    all.addAll(directories);
    all.addAll(symlinks);
    all.addAll(files);
    return all;
  }

  static RestorePlan build(SnapshotIndex index, RestoreRequest request, Path root)
      throws EngineException {
    RestorePlan plan = new RestorePlan();
    List<String> problems = new ArrayList<>();
    List<PathMatcher> globs = new ArrayList<>();
    for (String glob : request.paths()) {
      String g = glob;
      while (g.startsWith("/")) {
        g = g.substring(1);
      }
      while (g.endsWith("/") && g.length() > 1) {
        g = g.substring(0, g.length() - 1);
      }
      try {
        globs.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
      } catch (RuntimeException e) {
        throw new RestoreRefusedException(
            root.toString(), "invalid path glob '" + glob + "'", List.of(e.getMessage()));
      }
    }
    Map<String, FileEntry> all = index.entriesByPath();
    Set<String> selected = new HashSet<>();
    for (FileEntry e : all.values()) {
      String bad = PathGuard.pathProblem(e.path());
      if (bad != null) {
        problems.add("'" + e.path() + "': " + bad);
        continue;
      }
      if (globs.isEmpty() || matches(globs, e.path())) {
        selected.add(e.path());
      }
    }
    if (!problems.isEmpty()) {
      throw new RestoreRefusedException(
          root.toString(),
          "snapshot "
              + index.snapshot().jobId()
              + " has entries that would land outside the destination",
          problems);
    }
    if (selected.isEmpty()) {
      throw new RestoreRefusedException(
          root.toString(),
          "no entry of snapshot " + index.snapshot().jobId() + " matches " + request.paths(),
          List.of());
    }
    // Parent directories recorded in the snapshot come along to restore their modes and times.
    for (String path : new ArrayList<>(selected)) {
      for (String p = Destination.parentOf(path); !p.isEmpty(); p = Destination.parentOf(p)) {
        if (all.containsKey(p) && all.get(p).type() == EntryType.DIRECTORY) {
          selected.add(p);
        }
      }
    }
    List<String> unstable = new ArrayList<>();
    Set<String> linkPaths = new HashSet<>();
    for (String path : selected) {
      FileEntry e = all.get(path);
      if (e.type() == EntryType.SYMLINK) {
        linkPaths.add(path);
      }
    }
    for (String path : selected) {
      FileEntry e = all.get(path);
      switch (e.type()) {
        case DIRECTORY -> plan.directories.add(e);
        case SYMLINK -> {
          String bad = PathGuard.linkProblem(e.link());
          if (bad != null) {
            problems.add("'" + e.path() + "': " + bad);
          }
          plan.symlinks.add(e);
        }
        case FILE -> {
          plan.files.add(e);
          if (Boolean.TRUE.equals(e.unstable())) {
            unstable.add(e.path());
          }
          plan.bytes += e.sizeOrZero();
          if (e.sizeOrZero() > 0 && (e.pack() == null || index.packKey(e.pack()).isEmpty())) {
            problems.add(
                "'"
                    + e.path()
                    + "': its data names pack "
                    + e.pack()
                    + ", which no manifest lists");
          }
        }
      }
      for (String p = Destination.parentOf(path); !p.isEmpty(); p = Destination.parentOf(p)) {
        if (linkPaths.contains(p)) {
          problems.add(
              "'" + path + "': lies under symlink '" + p + "' and would be written through it");
          break;
        }
      }
      if ((e.modeBits() & 07000) != 0) {
        plan.warnings.add(
            e.path() + ": setuid/setgid/sticky bits of mode " + e.mode() + " are not restored");
      }
    }
    if (!problems.isEmpty()) {
      throw new RestoreRefusedException(
          root.toString(),
          "snapshot "
              + index.snapshot().jobId()
              + " has entries that cannot be restored where they belong",
          problems);
    }
    plan.directories.sort(Comparator.comparing(FileEntry::path));
    plan.warnUnstable(unstable);
    checkVersions(index);
    return plan;
  }

  /**
   * Files marked unstable kept changing while the backup read them (three reads never agreed): the
   * bytes restored are the last read, whose hash matches, but they may mix old and new content. Say
   * so, by name.
   */
  private void warnUnstable(List<String> unstable) {
    unstable.sort(Comparator.naturalOrder());
    for (int i = 0; i < Math.min(UNSTABLE_NAMED, unstable.size()); i++) {
      warnings.add(
          unstable.get(i)
              + ": marked unstable at backup (it kept changing while it was read);"
              + " the bytes restored are one read of a file in motion and may mix old and new content");
    }
    if (unstable.size() > UNSTABLE_NAMED) {
      warnings.add(
          "... and "
              + (unstable.size() - UNSTABLE_NAMED)
              + " more files marked unstable at backup");
    }
  }

  private static boolean matches(List<PathMatcher> globs, String path) {
    for (String p = path; !p.isEmpty(); p = Destination.parentOf(p)) {
      Path candidate = Path.of(p);
      for (PathMatcher m : globs) {
        if (m.matches(candidate)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void checkVersions(SnapshotIndex index) throws RestoreRefusedException {
    int ours = EngineVersion.major(EngineVersion.bulwark());
    for (Map.Entry<String, String> writer : index.writerVersions().entrySet()) {
      String theirs = writer.getValue();
      int major = EngineVersion.major(theirs);
      if (ours >= 0 && major > ours) {
        throw new RestoreRefusedException(
            null,
            "snapshot "
                + writer.getKey()
                + " was written by bulwark "
                + theirs
                + ", a newer major version than this bulwark "
                + EngineVersion.bulwark(),
            List.of());
      }
    }
  }

  /** Checks that every pack the plan reads exists and is long enough. */
  void checkPacks(SnapshotIndex index, Target target) throws EngineException {
    Map<String, Long> needed = new HashMap<>();
    for (FileEntry e : files) {
      if (e.sizeOrZero() > 0) {
        needed.merge(e.pack(), e.offset() + e.length(), Math::max);
      }
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Long> n : needed.entrySet()) {
      String key = index.packKey(n.getKey()).orElseThrow();
      try {
        Optional<ObjectInfo> info = target.head(key);
        if (info.isEmpty()) {
          problems.add("pack " + key + " is missing");
        } else if (info.get().size() < n.getValue()) {
          problems.add(
              "pack "
                  + key
                  + " has "
                  + info.get().size()
                  + " bytes, fewer than the "
                  + n.getValue()
                  + " the manifest needs");
        }
      } catch (IOException e) {
        throw new TargetAccessException(key, "checking pack", e);
      }
    }
    if (!problems.isEmpty()) {
      throw new RestoreRefusedException(
          null, "snapshot " + index.snapshot().jobId() + " is missing data", problems);
    }
  }

  /** Checks the destination: a writable directory with room, no unforced overwrites. */
  void checkDestination(Path root, boolean force, boolean dryRun) throws RestoreRefusedException {
    List<String> problems = new ArrayList<>();
    Path existing = root;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw new RestoreRefusedException(
          root.toString(), "no part of the destination path exists", List.of());
    }
    if (existing.equals(root) && !Files.isDirectory(root)) {
      throw new RestoreRefusedException(
          root.toString(), "the destination exists and is not a directory", List.of());
    }
    if (!Files.isWritable(existing)) {
      throw new RestoreRefusedException(root.toString(), existing + " is not writable", List.of());
    }
    try {
      long usable = Files.getFileStore(existing).getUsableSpace();
      long needed = bytes + bytes / 100 + 1024 * 1024;
      if (!dryRun && usable < needed) {
        throw new RestoreRefusedException(
            root.toString(),
            "not enough free space: the restore needs about "
                + needed
                + " bytes and "
                + usable
                + " are available",
            List.of());
      }
    } catch (IOException e) {
      problems.add("cannot read free space of " + existing + ": " + e.getMessage());
    }
    if (existing.equals(root)) {
      checkConflicts(root, force, problems);
    }
    if (!problems.isEmpty()) {
      throw new RestoreRefusedException(
          root.toString(),
          force
              ? "entries in the destination cannot be replaced"
              : "entries already exist in the destination; pass force to replace them",
          problems);
    }
  }

  private void checkConflicts(Path root, boolean force, List<String> problems) {
    Set<String> checkedParents = new HashSet<>();
    List<FileEntry> all = new ArrayList<>(directories);
    all.addAll(files);
    all.addAll(symlinks);
    for (FileEntry e : all) {
      for (String p = Destination.parentOf(e.path()); !p.isEmpty(); p = Destination.parentOf(p)) {
        if (!checkedParents.add(p)) {
          break;
        }
        BasicFileAttributes a = lstat(root.resolve(p));
        if (a != null && !a.isDirectory() && !force) {
          problems.add(p + " exists as a " + kind(a) + " where a directory is needed");
        }
      }
      BasicFileAttributes a = lstat(root.resolve(e.path()));
      if (a == null) {
        continue;
      }
      if (e.type() == EntryType.DIRECTORY) {
        if (!a.isDirectory() && !force) {
          problems.add(e.path() + " exists as a " + kind(a));
        }
      } else if (a.isDirectory()) {
        problems.add(
            e.path() + " exists as a directory; remove it to restore a " + kindOf(e) + " there");
      } else if (!force) {
        problems.add(e.path() + " exists (" + kind(a) + ")");
      }
    }
  }

  private static String kindOf(FileEntry e) {
    return e.type() == EntryType.SYMLINK ? "symlink" : "file";
  }

  private static String kind(BasicFileAttributes a) {
    return a.isSymbolicLink() ? "symlink" : a.isDirectory() ? "directory" : "file";
  }

  private static BasicFileAttributes lstat(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
  }
}
