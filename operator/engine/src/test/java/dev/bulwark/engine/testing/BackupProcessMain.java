package dev.bulwark.engine.testing;

import dev.bulwark.engine.backup.BackupEngine;
import dev.bulwark.engine.backup.BackupRequest;
import dev.bulwark.engine.backup.BackupResult;
import dev.bulwark.engine.backup.ParentCache;
import dev.bulwark.engine.backup.SourceDirectory;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.format.SourcePriority;
import dev.bulwark.engine.progress.Phase;
import dev.bulwark.engine.progress.Progress;
import dev.bulwark.engine.progress.ProgressListener;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.target.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A backup in its own process, for kill -9 tests: {@code <repo> <source> <type> <pause>} where
 * pause is a phase name (the process stops when it starts) or {@code bytes:N} (it stops once N
 * bytes were uploaded) or {@code put:SUFFIX} (it stops right after writing an object whose key ends
 * with SUFFIX) or {@code cache-write} (it stops halfway through writing its first parent cache
 * file) or {@code none}; an optional fifth argument is the parent cache directory. It prints
 * "PAUSED" when it stops, and "DONE <job>" when it finishes.
 */
public final class BackupProcessMain {
  private BackupProcessMain() {}

  public static void main(String[] args) throws Exception {
    Path repoDir = Path.of(args[0]);
    Path source = Path.of(args[1]);
    SnapshotType type = SnapshotType.fromWireName(args[2]);
    String pause = args[3];
    Target target = new LocalTarget(repoDir);
    if (pause.startsWith("put:")) {
      target =
          new ForwardingTarget(target) {
            @Override
            public void put(String key, byte[] content, Map<String, String> tags)
                throws IOException {
              super.put(key, content, tags);
              if (key.endsWith(pause.substring(4))) {
                stop();
              }
            }
          };
    }
    Repository repo = Repository.open(target, "prod", "crash");
    ProgressListener listener =
        new ProgressListener() {
          @Override
          public void phaseStarted(Phase phase) {
            if (pause.equals(phase.name())) {
              stop();
            }
          }

          @Override
          public void progress(Progress progress) {
            if (pause.startsWith("bytes:")
                && progress.bytesTransferred() >= Long.parseLong(pause.substring(6))) {
              stop();
            }
          }
        };
    BackupRequest.Builder request =
        BackupRequest.builder()
            .source(SourceDirectory.of(source, "raw", SourcePriority.P0))
            .snapshotType(type)
            .packSize(1024 * 1024)
            .lockStaleAfter(java.time.Duration.ofMinutes(30));
    if (args.length > 4) {
      ParentCache cache = ParentCache.in(Path.of(args[4]));
      request.parentCache(
          pause.equals("cache-write") ? cache.withMidWriteHook(BackupProcessMain::stop) : cache);
    }
    BackupResult result = new BackupEngine(repo).backup(request.build(), listener);
    System.out.println("DONE " + result.jobId());
    System.out.flush();
  }

  private static void stop() {
    System.out.println("PAUSED");
    System.out.flush();
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        // Keep waiting for the kill.
      }
    }
  }
}
