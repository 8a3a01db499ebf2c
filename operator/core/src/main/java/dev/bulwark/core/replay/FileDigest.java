package dev.bulwark.core.replay;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * One file of a tree with its SHA-256 and size, as evidence lists inputs and outputs.
 *
 * @param path the path relative to the tree's root, with '/'
 * @param sha256 the hex SHA-256 of its bytes
 * @param bytes its size
 */
record FileDigest(
    @JsonProperty("path") String path,
    @JsonProperty("sha256") String sha256,
    @JsonProperty("bytes") long bytes) {

  /** The folder of Bulwark's side files inside a published partition (analyzer version, config). */
  static final String SIDE_FOLDER = ".bulwark";

  /** Every regular file below {@code root}, sorted by path, without Bulwark's side folder. */
  static List<FileDigest> tree(Path root) throws IOException {
    List<FileDigest> digests = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    } catch (NoSuchFileException e) {
      return digests;
    }
    for (Path file : files) {
      Path relative = root.relativize(file);
      if (relative.getName(0).toString().equals(SIDE_FOLDER)) {
        continue;
      }
      digests.add(of(file, relative.toString().replace('\\', '/')));
    }
    return digests;
  }

  /** The digest of {@code file}, named {@code path}. */
  static FileDigest of(Path file, String path) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return new FileDigest(path, HexFormat.of().formatHex(sha.digest()), Files.size(file));
  }
}
