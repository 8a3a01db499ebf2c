package dev.bulwark.engine.lock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** Who this process is (host, pid, start time), and whether another local process is alive. */
final class ProcessIdentity {
  private ProcessIdentity() {}

  static String hostName() {
    // Reading the kernel's name avoids a DNS lookup, which can stall for seconds.
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: fall through to the environment and the JDK.
    }
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  static long pid() {
    return ProcessHandle.current().pid();
  }

  static String startedAt() {
    return ProcessHandle.current().info().startInstant().map(Instant::toString).orElse("");
  }

  /** Whether {@code pid}, started at {@code startedAt} (empty when unknown), is this process. */
  static boolean isThisProcess(long pid, String startedAt) {
    if (pid != pid()) {
      return false;
    }
    return startedAt == null || startedAt.isEmpty() || startedAt.equals(startedAt());
  }

  /**
   * Whether process {@code pid}, started at {@code startedAt} (empty when unknown), still runs on
   * this host. A live pid with a different start time is a recycled pid: the owner is gone.
   */
  static boolean isAlive(long pid, String startedAt) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    if (startedAt == null || startedAt.isEmpty()) {
      return true;
    }
    return handle
        .get()
        .info()
        .startInstant()
        .map(start -> start.toString().equals(startedAt))
        .orElse(true);
  }
}
