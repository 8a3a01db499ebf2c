package dev.bulwark.kubernetes.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one container as a local process in its own mount and PID namespaces ({@code unshare}),
 * chrooted into a root made of the host's {@code /usr} and {@code /etc} (read-only), a fresh {@code
 * /proc}, a small {@code /dev}, the image's files and directories, and the pod's volumes
 * bind-mounted where the pod spec says, read-only where it says so. The process sees the paths of
 * the pod spec, a write to a read-only mount fails with EROFS as in a container, and {@code
 * readOnlyRootFilesystem} makes the rest of the root read-only too.
 *
 * <p>Run as root, the container's user and groups are switched as the spec asks ({@code chroot
 * --userspec}); run as another user, the sandbox uses a user namespace in which only root is
 * mapped, so the process runs as that (mapped) root and permission checks by uid are not modelled.
 * The network is the host's: the process reaches the stand-in API server on localhost.
 */
final class PodSandbox {
  private static final boolean ROOT = isRoot();

  /** A bind mount: {@code host} at {@code containerPath}, read-only or not. */
  record Mount(String containerPath, Path host, boolean readOnly) {}

  private PodSandbox() {}

  /**
   * Checks that this machine can make the namespaces the sandbox needs.
   *
   * @throws IllegalStateException naming what is missing
   */
  static void requireSupport() {
    List<String> command = new ArrayList<>(unshare());
    command.add("/bin/true");
    try {
      Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(probe.getInputStream().readAllBytes());
      if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0) {
        throw new IllegalStateException(
            "TestingKubelet needs mount and PID namespaces ("
                + String.join(" ", command)
                + " failed: "
                + output.strip()
                + "); run the tests as root or enable unprivileged user namespaces");
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "TestingKubelet needs util-linux's unshare: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts the container.
   *
   * @param dir a fresh directory for this container's root and wrapper script
   * @param mounts the image's files, the volumes and the service account's files
   * @param directories container paths to create in the container's layer, with their owner uid:gid
   * @param userSpec {@code uid:gid} to run as, or null for root
   * @param groups supplementary groups (fsGroup, supplementalGroups)
   * @param argv the command and its arguments, as the container runs them
   * @param env the container's whole environment
   * @param log where stdout and stderr go, appended
   */
  static Process start(
      Path dir,
      List<Mount> mounts,
      Map<String, String> directories,
      boolean readOnlyRoot,
      String workingDir,
      String userSpec,
      List<Long> groups,
      List<String> argv,
      Map<String, String> env,
      Path log) {
    try {
      Path root = Files.createDirectories(dir.resolve("rootfs"));
      for (String top : List.of("bin", "lib", "lib64", "sbin")) {
        Path host = Path.of("/" + top);
        if (Files.isSymbolicLink(host)) {
          Files.createSymbolicLink(root.resolve(top), Files.readSymbolicLink(host));
        }
      }
      for (String top : List.of("usr", "etc", "proc", "dev", "tmp", "var/run", "root")) {
        Files.createDirectories(root.resolve(top));
      }
      Files.setPosixFilePermissions(
          root.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
      for (Map.Entry<String, String> d : directories.entrySet()) {
        Path inside = Files.createDirectories(root.resolve(relative(d.getKey())));
        if (ROOT) {
          chown(inside, d.getValue());
        }
      }
      Files.createDirectories(root.resolve(relative(workingDir)));
      Path script = dir.resolve("start-container.sh");
      Files.writeString(script, script(root, mounts, readOnlyRoot));
      List<String> command = new ArrayList<>(unshare());
      command.addAll(
          List.of(
              "/bin/sh",
              script.toString(),
              workingDir,
              ROOT && userSpec != null ? userSpec : "",
              ROOT && !groups.isEmpty()
                  ? String.join(",", groups.stream().map(String::valueOf).toList())
                  : ""));
      command.addAll(argv);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().clear();
      builder.environment().putAll(env);
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGTERM to the container's processes; after {@code grace}, SIGKILL to all of them. */
  static void stop(Process process, long graceSeconds) {
    process.descendants().forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly(); // --kill-child: the namespace's init goes with it
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /**
   * Whether user and group switching is real here (run as root) or not modelled (a user namespace).
   */
  static boolean switchesUsers() {
    return ROOT;
  }

  private static List<String> unshare() {
    List<String> command = new ArrayList<>(List.of("/usr/bin/unshare"));
    if (!ROOT) {
      command.addAll(List.of("--user", "--map-root-user"));
    }
    command.addAll(List.of("--mount", "--pid", "--fork", "--kill-child"));
    return command;
  }

  /**
   * The script that builds the mounts, then becomes the container: {@code $1} workdir, {@code $2}
   * user, {@code $3} groups.
   */
  private static String script(Path root, List<Mount> mounts, boolean readOnlyRoot) {
    StringBuilder s = new StringBuilder();
    String r = q(root.toString());
    s.append("set -e\n");
    s.append("R=").append(r).append('\n');
    s.append("WORKDIR=$1; USERSPEC=$2; GROUPS_LIST=$3; shift 3\n");
    s.append("mount --bind \"$R\" \"$R\"\n");
    for (String system : List.of("usr", "etc")) {
      s.append("mount --rbind /").append(system).append(" \"$R/").append(system).append("\"\n");
      s.append("mount -o remount,bind,ro \"$R/").append(system).append("\"\n");
    }
    s.append("mount -t proc proc \"$R/proc\"\n");
    s.append("mount -t tmpfs -o mode=755,nosuid tmpfs \"$R/dev\"\n");
    s.append(
        "for n in null zero full random urandom tty; do touch \"$R/dev/$n\"; mount --bind"
            + " \"/dev/$n\" \"$R/dev/$n\"; done\n");
    s.append("mkdir \"$R/dev/shm\"; mount -t tmpfs -o mode=1777 tmpfs \"$R/dev/shm\"\n");
    s.append(
        "ln -s /proc/self/fd \"$R/dev/fd\"; ln -s /proc/self/fd/0 \"$R/dev/stdin\"; ln -s"
            + " /proc/self/fd/1 \"$R/dev/stdout\"; ln -s /proc/self/fd/2 \"$R/dev/stderr\"\n");
    List<Mount> ordered = new ArrayList<>(mounts);
    ordered.sort(Comparator.comparingInt(m -> m.containerPath().split("/").length));
    for (Mount m : ordered) {
      String target = "\"$R\"" + q(m.containerPath());
      if (Files.isDirectory(m.host(), LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(m.host())) {
        s.append("mkdir -p ").append(target).append('\n');
      } else {
        s.append("mkdir -p \"$(dirname ")
            .append(target)
            .append(")\"; [ -e ")
            .append(target)
            .append(" ] || touch ")
            .append(target)
            .append('\n');
      }
      s.append("mount --bind ")
          .append(q(m.host().toString()))
          .append(' ')
          .append(target)
          .append('\n');
      if (m.readOnly()) {
        s.append("mount -o remount,bind,ro ").append(target).append('\n');
      }
    }
    if (readOnlyRoot) {
      s.append("mount -o remount,bind,ro \"$R\"\n");
    }
    s.append(
        "set --  ${USERSPEC:+--userspec=$USERSPEC} ${GROUPS_LIST:+--groups=$GROUPS_LIST} \"$R\""
            + " /usr/bin/env --chdir=\"$WORKDIR\" -- \"$@\"\n");
    // The kubelet reports the container Running from here on, not while its sandbox is being built.
    s.append(": > ").append(q(root.getParent().resolve("started").toString())).append('\n');
    s.append("exec /usr/sbin/chroot \"$@\"\n");
    return s.toString();
  }

  private static void chown(Path path, String owner) throws IOException {
    try {
      Process p =
          new ProcessBuilder("chown", owner, path.toString()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String relative(String containerPath) {
    String p = containerPath;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p.isEmpty() ? "." : p;
  }

  /** Single-quotes a string for sh. */
  static String q(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
