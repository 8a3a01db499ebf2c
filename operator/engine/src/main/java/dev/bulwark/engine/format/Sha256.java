package dev.bulwark.engine.format;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers: new digests and lower-case hex. */
public final class Sha256 {
  private static final HexFormat HEX = HexFormat.of();

  private Sha256() {}

  /** A fresh SHA-256 digest (the JDK's, hardware-accelerated where the CPU allows). */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Hex of the digest of {@code bytes[offset, offset+length)}. */
  public static String hex(byte[] bytes, int offset, int length) {
    MessageDigest digest = newDigest();
    digest.update(bytes, offset, length);
    return HEX.formatHex(digest.digest());
  }

  /** Hex of the digest of {@code bytes}. */
  public static String hex(byte[] bytes) {
    return hex(bytes, 0, bytes.length);
  }

  /** Finishes {@code digest} and returns its hex. */
  public static String finish(MessageDigest digest) {
    return HEX.formatHex(digest.digest());
  }

  /** The SHA-256 of the empty input. */
  public static final String EMPTY =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
}
