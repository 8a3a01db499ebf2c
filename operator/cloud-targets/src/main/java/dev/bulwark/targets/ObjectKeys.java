package dev.bulwark.targets;

/** Checks object keys against the target contract and maps them to and from bucket keys. */
public final class ObjectKeys {
  private final String prefix;

  private ObjectKeys(String prefix) {
    this.prefix = prefix;
  }

  /**
   * Keys under {@code keyPrefix} in the bucket; an empty prefix means the bucket root. A prefix
   * that does not end with '/' gets one, so that "team-a" cannot capture "team-ab/...".
   */
  public static ObjectKeys under(String keyPrefix) {
    String p = keyPrefix == null ? "" : keyPrefix.strip();
    if (p.startsWith("/")) {
      throw new IllegalArgumentException("key prefix '" + keyPrefix + "' must not start with '/'");
    }
    if (!p.isEmpty() && !p.endsWith("/")) {
      p = p + "/";
    }
    if (!p.isEmpty()) {
      check(p.substring(0, p.length() - 1));
    }
    return new ObjectKeys(p);
  }

  /** The bucket-level prefix every key of this target lives under ("" or ending with '/'). */
  public String prefix() {
    return prefix;
  }

  /** The longest bucket key in UTF-8 bytes that both S3 (1,024) and OSS (1,023) accept. */
  public static final int MAX_BUCKET_KEY_BYTES = 1023;

  /** The bucket key of a target key, after checking the target key. */
  public String toBucketKey(String key) {
    String bucketKey = prefix + check(key);
    if (bucketKey.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BUCKET_KEY_BYTES) {
      throw new IllegalArgumentException(
          "object key '"
              + key
              + "' is longer than "
              + MAX_BUCKET_KEY_BYTES
              + " bytes in the bucket");
    }
    return bucketKey;
  }

  /** The bucket key a listing prefix of the target maps to (an empty prefix is allowed). */
  public String toBucketPrefix(String listPrefix) {
    return prefix + (listPrefix == null ? "" : listPrefix);
  }

  /** The target key of a bucket key that lies under this prefix. */
  public String toTargetKey(String bucketKey) {
    if (!bucketKey.startsWith(prefix)) {
      throw new IllegalStateException(
          "bucket key " + bucketKey + " lies outside the key prefix '" + prefix + "'");
    }
    return bucketKey.substring(prefix.length());
  }

  /**
   * Validates a key as the target contract defines it: '/'-separated, not starting or ending with
   * '/', without empty, "." or ".." segments, NUL or backslash. Returns the key.
   */
  public static String check(String key) {
    if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
      throw new IllegalArgumentException("invalid object key '" + key + "'");
    }
    if (key.indexOf('\0') >= 0 || key.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("invalid character in object key '" + key + "'");
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("invalid segment in object key '" + key + "'");
      }
    }
    return key;
  }
}
