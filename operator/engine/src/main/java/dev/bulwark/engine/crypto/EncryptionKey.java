package dev.bulwark.engine.crypto;

import dev.bulwark.engine.EncryptionKeyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit AES key for sealing frames, read from an environment variable or a secret file as 64
 * hex digits or base64. Its {@link #keyId()} is a one-way fingerprint written into manifests so
 * that a wrong key is named as such; the key itself never appears in messages or {@code
 * toString()}.
 */
public final class EncryptionKey {
  private static final byte[] KEY_ID_INFO = "bulwark key id v1".getBytes(StandardCharsets.US_ASCII);

  private final SecretKey key;
  private final String keyId;

  private EncryptionKey(byte[] raw) {
    this.key = new SecretKeySpec(raw, "AES");
    this.keyId = fingerprint(raw);
    Arrays.fill(raw, (byte) 0);
  }

  /** A key from 32 raw bytes (the array is copied). */
  public static EncryptionKey ofBytes(byte[] raw) {
    if (raw.length != 32) {
      throw new IllegalArgumentException("an AES-256 key is 32 bytes, not " + raw.length);
    }
    return new EncryptionKey(raw.clone());
  }

  /**
   * Parses 64 hex digits or base64 of 32 bytes. {@code origin} names where the text came from (e.g.
   * "environment variable BULWARK_KEY") for the error message.
   */
  public static EncryptionKey parse(String text, String origin) throws EncryptionKeyException {
    String trimmed = text == null ? "" : text.strip();
    byte[] raw = null;
    if (trimmed.length() == 64 && trimmed.chars().allMatch(EncryptionKey::isHexDigit)) {
      raw = HexFormat.of().parseHex(trimmed);
    } else {
      try {
        raw = Base64.getDecoder().decode(trimmed);
      } catch (IllegalArgumentException notStandard) {
        try {
          raw = Base64.getUrlDecoder().decode(trimmed);
        } catch (IllegalArgumentException notUrl) {
          raw = null;
        }
      }
    }
    if (raw == null || raw.length != 32) {
      throw new EncryptionKeyException(
          origin,
          "the encryption key must be 32 bytes written as 64 hex digits or base64"
              + (raw == null ? "" : " (it decodes to " + raw.length + " bytes)"));
    }
    return new EncryptionKey(raw);
  }

  /** Reads the key from environment variable {@code name}. */
  public static EncryptionKey fromEnv(String name) throws EncryptionKeyException {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new EncryptionKeyException(
          "environment variable " + name, "is not set; it must hold the encryption key");
    }
    return parse(value, "environment variable " + name);
  }

  /** Reads the key from a secret file. */
  public static EncryptionKey fromFile(Path file) throws EncryptionKeyException {
    try {
      return parse(Files.readString(file, StandardCharsets.US_ASCII), "key file " + file);
    } catch (IOException e) {
      throw new EncryptionKeyException(
          "key file " + file, "cannot be read: " + e.getClass().getSimpleName());
    }
  }

  /** The fingerprint recorded in manifests: 16 hex digits of HMAC-SHA256(key, constant). */
  public String keyId() {
    return keyId;
  }

  SecretKey secretKey() {
    return key;
  }

  private static String fingerprint(byte[] raw) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(raw, "HmacSHA256"));
      return HexFormat.of().formatHex(Arrays.copyOf(mac.doFinal(KEY_ID_INFO), 8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }

  private static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  @Override
  public String toString() {
    return "EncryptionKey[id=" + keyId + "]";
  }
}
