package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.restore.RestoreEngine;
import dev.bulwark.engine.restore.RestoreRequest;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.testing.Fixture;
import dev.bulwark.engine.testing.TestTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 6 under attack: while a restore runs, another process keeps replacing the directories
 * it creates with symlinks to a directory outside the destination that has the same subdirectories
 * (moving the real directory aside, inside the destination). Nothing may land outside, and every
 * file the restore does not report as failed must be at its own path, under real directories, with
 * its bytes.
 */
class RestoreRaceTest {
  private static final int DIRECTORIES = 20;
  private static final int FILES_PER_DIRECTORY = 150;
  private static final int RUNS = 9;

  @TempDir Path tmp;

  @Test
  void directoriesSwappedForSymlinksDuringARestoreNeverLeadItOutside() throws Exception {
    Path src = tmp.resolve("src");
    List<String> files = new ArrayList<>();
    for (int d = 0; d < DIRECTORIES; d++) {
      for (int f = 0; f < FILES_PER_DIRECTORY; f++) {
        String rel = "d" + d + "/sub/f" + f + ".txt";
        TestTrees.write(src.resolve(rel), "file " + rel + " " + "x".repeat(f));
        files.add(rel);
      }
    }
    Repository repo = Repository.open(new LocalTarget(tmp.resolve("repo")), "prod", "race");
    String job = Fixture.backup(repo, src, SnapshotType.FULL).jobId();
    String base = Fixture.restored(Path.of(""), src).toString();

    int swapsInAll = 0;
    int refusedInAll = 0;
    for (int run = 0; run < RUNS; run++) {
      Path outside = Files.createDirectories(tmp.resolve("outside-" + run)).toRealPath();
      Path dest = Files.createDirectories(tmp.resolve("dest-" + run)).toRealPath();
      // Every directory the restore creates, shallowest first.
      List<Path> targets = new ArrayList<>();
      for (Path p = dest.resolve(base); !p.equals(dest); p = p.getParent()) {
        targets.add(0, p);
      }
      for (int d = 0; d < DIRECTORIES; d++) {
        targets.add(dest.resolve(base).resolve("d" + d));
        targets.add(dest.resolve(base).resolve("d" + d + "/sub"));
      }
      AtomicBoolean done = new AtomicBoolean();
      AtomicInteger swaps = new AtomicInteger();
      Set<Path> lures = ConcurrentHashMap.newKeySet();
      // Runs vary the attack: every directory shallowest first, deepest first, or only some leaves.
      if (run % 3 == 1) {
        Collections.reverse(targets);
      } else if (run % 3 == 2) {
        targets.removeIf(
            t ->
                !t.getFileName().toString().equals("sub")
                    || Integer.parseInt(t.getParent().getFileName().toString().substring(1)) % 2
                        != 0);
      }
      Thread swapper =
          new Thread(() -> swapUntilDone(targets, outside, lures, done, swaps), "swapper");
      swapper.start();
      AtomicReference<Exception> outcome = new AtomicReference<>();
      try {
        new RestoreEngine(repo)
            .restore(RestoreRequest.builder(dest).snapshot(job).threads(2).build());
      } catch (Exception e) {
        outcome.set(e);
      } finally {
        done.set(true);
        swapper.join();
      }
      swapsInAll += swaps.get();

      try (Stream<Path> walk = Files.walk(outside)) {
        assertThat(walk.filter(p -> !p.equals(outside) && !lures.contains(p)))
            .as("run %d: nothing is written outside the destination (%d swaps)", run, swaps.get())
            .isEmpty();
      }
      Set<String> failed = new HashSet<>();
      if (outcome.get() != null) {
        assertThat(outcome.get())
            .as(
                "run %d: a restore disturbed this way fails and says which entries it could not restore",
                run)
            .isInstanceOf(RestoreFailedException.class);
        RestoreFailedException e = (RestoreFailedException) outcome.get();
        for (RestoreFailedException.FileFailure f : e.failures()) {
          failed.add(f.path());
        }
        RestoreFailedException.Counts counts = e.counts();
        assertThat(counts.restored() + failed.size()).isEqualTo(counts.selected());
        assertThat(counts.refused()).as("run %d: %s", run, e.getMessage()).isPositive();
        assertThat(counts.notAttempted()).isZero();
        if (run % 3 == 2) {
          assertThat(counts.restored())
              .as("run %d: directories left alone are restored", run)
              .isPositive();
        }
        refusedInAll += counts.refused();
      }
      for (String rel : files) {
        String archivePath = base + "/" + rel;
        if (failed.contains(archivePath)) {
          continue;
        }
        Path restored = dest.resolve(archivePath);
        assertThat(isRealFileInside(dest, restored))
            .as(
                "run %d: %s, reported restored, is a regular file under real directories",
                run, archivePath)
            .isTrue();
        assertThat(Files.readString(restored, StandardCharsets.UTF_8))
            .isEqualTo(Files.readString(src.resolve(rel), StandardCharsets.UTF_8));
      }
    }
    assertThat(swapsInAll).as("the swapper got in").isPositive();
    assertThat(refusedInAll)
        .as("the restore reported the entries it could not restore")
        .isPositive();
  }

  /**
   * Replaces each target, once it exists as a real directory, by a symlink to an empty directory (a
   * lure) in {@code outside}.
   */
  private static void swapUntilDone(
      List<Path> targets, Path outside, Set<Path> lures, AtomicBoolean done, AtomicInteger swaps) {
    // Strike once the restore has made its directories, when it writes files into them.
    while (!done.get()
        && !targets.stream().allMatch(t -> Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS))) {
      LockSupport.parkNanos(100_000); // poll without taking a core from the restore
    }
    Set<Path> swapped = new HashSet<>();
    while (!done.get() && swapped.size() < targets.size()) {
      for (Path t : targets) {
        if (swapped.contains(t) || !Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try {
          if (!t.toRealPath().equals(t)) {
            continue; // an ancestor is already a lure: the swapper only attacks the destination
          }
          // The lure mirrors the directory's subdirectories, so writes that follow the link
          // succeed.
          Path lure = outside.resolve("lure-" + swaps.get());
          List<Path> subdirs;
          try (Stream<Path> walk = Files.walk(t)) {
            subdirs = walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
          }
          for (Path dir : subdirs) {
            Path mirror = lure.resolve(t.relativize(dir).toString());
            lures.add(mirror);
            Files.createDirectories(mirror);
          }
          Files.move(t, t.resolveSibling(t.getFileName() + ".moved-" + swaps.get()));
          Files.createSymbolicLink(t, lure);
          swapped.add(t);
          swaps.incrementAndGet();
        } catch (IOException e) {
          // The restore got there first (or the parent moved); try again on the next pass.
        }
      }
      LockSupport.parkNanos(100_000);
    }
  }

  /**
   * Whether {@code file} is a regular file and no component between {@code root} and it is a link.
   */
  private static boolean isRealFileInside(Path root, Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    for (Path p = file.getParent(); !p.equals(root); p = p.getParent()) {
      if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
    }
    return file.toRealPath().equals(file);
  }
}
