package dev.bulwark.engine.restore;

import dev.bulwark.engine.RestoreFailedException.Counts;
import dev.bulwark.engine.RestoreFailedException.FileFailure;
import dev.bulwark.engine.format.FileEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The outcome of every entry a restore selected, recorded as it happens, so that a restore that
 * stops or is disturbed reports exactly what was restored, failed, refused and not attempted.
 * Thread-safe.
 */
final class RestoreLedger {
  /** What became of an entry. */
  enum Outcome {
    /** Written (or, in a dry run, verified) and in place. */
    RESTORED,
    /** Attempted and not restored: bad data, or the destination would not take it. */
    FAILED,
    /** Not written because the destination changed under it (e.g. a directory became a symlink). */
    REFUSED
  }

  private record Mark(Outcome outcome, String reason) {}

  private final List<FileEntry> selected;
  private final Map<String, Mark> marks = new ConcurrentHashMap<>();

  RestoreLedger(List<FileEntry> selected) {
    this.selected = List.copyOf(selected);
  }

  void restored(String path) {
    marks.put(path, new Mark(Outcome.RESTORED, null));
  }

  void failed(String path, String reason) {
    marks.put(path, new Mark(Outcome.FAILED, reason));
  }

  void refused(String path, String reason) {
    marks.put(path, new Mark(Outcome.REFUSED, "refused: " + reason));
  }

  /** Whether {@code path} has an outcome yet. */
  boolean decided(String path) {
    return marks.containsKey(path);
  }

  boolean restoredAll() {
    return selected.stream().allMatch(e -> outcome(e.path()) == Outcome.RESTORED);
  }

  /** Paths recorded as restored. */
  List<String> restoredPaths() {
    List<String> paths = new ArrayList<>();
    marks.forEach(
        (path, mark) -> {
          if (mark.outcome() == Outcome.RESTORED) {
            paths.add(path);
          }
        });
    return paths;
  }

  private Outcome outcome(String path) {
    Mark mark = marks.get(path);
    return mark == null ? null : mark.outcome();
  }

  Counts counts() {
    long restored = 0;
    long failed = 0;
    long refused = 0;
    for (FileEntry e : selected) {
      Outcome o = outcome(e.path());
      if (o == Outcome.RESTORED) {
        restored++;
      } else if (o == Outcome.FAILED) {
        failed++;
      } else if (o == Outcome.REFUSED) {
        refused++;
      }
    }
    return new Counts(
        selected.size(), restored, failed, refused, selected.size() - restored - failed - refused);
  }

  /**
   * Every entry not restored, with why: failed and refused ones first, then those never attempted
   * (reason {@code notAttempted}), each group in plan order.
   */
  List<FileFailure> problems(String notAttempted) {
    List<FileFailure> problems = new ArrayList<>();
    List<FileFailure> skipped = new ArrayList<>();
    for (FileEntry e : selected) {
      Mark mark = marks.get(e.path());
      if (mark == null) {
        skipped.add(new FileFailure(e.path(), notAttempted));
      } else if (mark.outcome() != Outcome.RESTORED) {
        problems.add(new FileFailure(e.path(), mark.reason()));
      }
    }
    problems.addAll(skipped);
    return problems;
  }
}
