package dev.bulwark.core.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** SHA-256 in the hex form snapshot manifests use. */
final class Hashes {
  private Hashes() {}

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The hash of {@code file}'s bytes; empty when it does not exist. */
  static Optional<String> sha256(Path file) throws IOException {
    try {
      return Optional.of(sha256(Files.readAllBytes(file)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
