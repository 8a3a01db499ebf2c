package dev.bulwark.kubernetes.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the stand-in kubelet knows of an image: its entrypoint, command, environment, working
 * directory and user, the files it adds (each mapped to the host file that stands for it) and the
 * directories it creates with their owners. The operating system under it is the host's own {@code
 * /usr} and {@code /etc}, read-only.
 *
 * @param name the reference pods use, e.g. {@code bulwark:latest}
 * @param entrypoint ENTRYPOINT; a container's {@code command} replaces it
 * @param cmd CMD; a container's {@code args} (or its {@code command}) replaces it
 * @param env ENV
 * @param workingDir WORKDIR, {@code /} when unset
 * @param user USER as {@code uid[:gid]}, numeric; {@code 0} when unset
 * @param files image path to the host file that stands for it (mounted read-only)
 * @param directories image path to its owner {@code uid:gid}, created in the container's layer
 */
public record ContainerImage(
    String name,
    List<String> entrypoint,
    List<String> cmd,
    Map<String, String> env,
    String workingDir,
    String user,
    Map<String, Path> files,
    Map<String, String> directories) {

  /** The PATH of Debian-based images. */
  public static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  public ContainerImage {
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    env = Map.copyOf(env);
    files = Map.copyOf(files);
    directories = Map.copyOf(directories);
  }

  /** A bare operating-system image (the host's tools), e.g. to run {@code sh -c} in tests. */
  public static ContainerImage os(String name) {
    return new ContainerImage(
        name, List.of(), List.of(), Map.of("PATH", DEFAULT_PATH), "/", "0", Map.of(), Map.of());
  }

  /** This image with one more file. */
  public ContainerImage withFile(String imagePath, Path hostFile) {
    Map<String, Path> more = new LinkedHashMap<>(files);
    more.put(imagePath, hostFile);
    return new ContainerImage(name, entrypoint, cmd, env, workingDir, user, more, directories);
  }

  /** This image under another name. */
  public ContainerImage named(String other) {
    return new ContainerImage(other, entrypoint, cmd, env, workingDir, user, files, directories);
  }
}
