package dev.bulwark.targets.oss;

import dev.bulwark.targets.ObjectKeys;
import dev.bulwark.targets.RequestTimeouts;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Where and how an {@link OssTarget} reaches its bucket. Values given to the builder win; missing
 * ones come from the environment map: {@code OSS_BUCKET}, {@code OSS_ENDPOINT}, {@code
 * OSS_ACCESS_KEY_ID} and {@code OSS_ACCESS_KEY_SECRET} (OSS has no ambient credential chain here,
 * so the key pair is required). {@link #toString()} never shows the secret.
 */
public final class OssTargetConfig {
  /** The smallest part OSS accepts (except for the last one). */
  public static final int MIN_PART_SIZE = 100 * 1024;

  /** 16 MiB: one buffered part per upload in memory, 10,000 parts reach 156 GiB. */
  public static final int DEFAULT_PART_SIZE = 16 * 1024 * 1024;

  /** The first attempt plus three retries with exponential backoff. */
  public static final int DEFAULT_MAX_ATTEMPTS = 4;

  private final String bucket;
  private final URI endpoint;
  private final boolean pathStyle;
  private final String keyPrefix;
  private final int partSize;
  private final int maxAttempts;
  private final RequestTimeouts timeouts;
  private final String accessKeyId;
  private final String accessKeySecret;

  private OssTargetConfig(Builder b, Map<String, String> env) {
    this.bucket = firstOf(b.bucket, env.get("OSS_BUCKET"));
    if (bucket == null) {
      throw new IllegalArgumentException(
          "OSS target: no bucket: name it in the policy's target or set OSS_BUCKET");
    }
    if (!bucket.matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException(
          "OSS target: bucket name '"
              + bucket
              + "' is invalid: use 3 to 63 lower-case letters, digits and hyphens");
    }
    String endpointText = firstOf(b.endpoint, env.get("OSS_ENDPOINT"));
    if (endpointText == null) {
      throw new IllegalArgumentException(
          "OSS target: no endpoint for bucket "
              + bucket
              + ": set OSS_ENDPOINT, like https://oss-cn-hangzhou.aliyuncs.com");
    }
    this.endpoint = parseEndpoint(endpointText);
    this.pathStyle = b.pathStyle;
    this.keyPrefix = ObjectKeys.under(b.keyPrefix).prefix();
    if (b.partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException(
          "OSS target: part size " + b.partSize + " is below OSS's minimum of " + MIN_PART_SIZE);
    }
    this.partSize = b.partSize;
    if (b.maxAttempts < 1) {
      throw new IllegalArgumentException(
          "OSS target: maxAttempts must be at least 1, was " + b.maxAttempts);
    }
    this.maxAttempts = b.maxAttempts;
    try {
      // The OSS client bounds each attempt, not a call: a call is bounded by its attempts.
      RequestTimeouts each =
          RequestTimeouts.resolve(
              "OSS",
              b.connectTimeout,
              b.readTimeout,
              b.requestTimeout,
              ChronoUnit.FOREVER.getDuration(),
              env);
      this.timeouts =
          new RequestTimeouts(
              each.connect(),
              each.read(),
              each.attempt(),
              each.attempt().multipliedBy(maxAttempts));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("OSS target: " + e.getMessage(), e);
    }
    this.accessKeyId = firstOf(b.accessKeyId, env.get("OSS_ACCESS_KEY_ID"));
    this.accessKeySecret = firstOf(b.accessKeySecret, env.get("OSS_ACCESS_KEY_SECRET"));
    if (accessKeyId == null || accessKeySecret == null) {
      throw new IllegalArgumentException(
          "OSS target: credentials for bucket "
              + bucket
              + " are missing: set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET");
    }
  }

  /**
   * A builder with the defaults: 16 MiB parts, 4 attempts, and the {@link RequestTimeouts#DEFAULTS}
   * unless {@code OSS_*_TIMEOUT_SECONDS} says otherwise.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The bucket name. */
  public String bucket() {
    return bucket;
  }

  /** The OSS endpoint, like https://oss-cn-hangzhou.aliyuncs.com. */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * Whether the bucket goes in the path rather than the host name (the SDK does this by itself for
   * IP-address endpoints; this forces it for host names too).
   */
  public boolean pathStyle() {
    return pathStyle;
  }

  /** The prefix all of this target's keys live under in the bucket ("" for the bucket root). */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** The size of one multipart part and of the largest object sent with a single PUT. */
  public int partSize() {
    return partSize;
  }

  /** Attempts per request, the first one included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** How long to wait for a TCP connection. */
  public Duration connectTimeout() {
    return timeouts.connect();
  }

  /** How long a read may block on the socket. */
  public Duration readTimeout() {
    return timeouts.read();
  }

  /**
   * The bounds of one request: connect, read, one attempt (enforced by the client), and all
   * attempts (attempts times the request timeout, plus the backoff between them).
   */
  public RequestTimeouts timeouts() {
    return timeouts;
  }

  String accessKeyId() {
    return accessKeyId;
  }

  String accessKeySecret() {
    return accessKeySecret;
  }

  /** The bucket as a URL for messages, with its endpoint; never a credential. */
  public String describe() {
    return "oss://" + bucket + "/" + keyPrefix + " at " + endpoint;
  }

  @Override
  public String toString() {
    return "OssTargetConfig{"
        + describe()
        + ", pathStyle="
        + pathStyle
        + ", partSize="
        + partSize
        + ", maxAttempts="
        + maxAttempts
        + ", "
        + timeouts
        + ", credentials from OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET}";
  }

  private static URI parseEndpoint(String text) {
    URI uri;
    try {
      uri = URI.create(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("OSS target: endpoint '" + text + "' is not a URL", e);
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "OSS target: endpoint '"
              + text
              + "' needs a scheme and host, like https://oss-cn-hangzhou.aliyuncs.com");
    }
    return uri;
  }

  private static String firstOf(String explicit, String fromEnv) {
    if (explicit != null && !explicit.isBlank()) {
      return explicit.strip();
    }
    return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
  }

  /** Collects explicit settings; {@link #build(Map)} fills the gaps from the environment. */
  public static final class Builder {
    private String bucket;
    private String endpoint;
    private boolean pathStyle;
    private String keyPrefix;
    private int partSize = DEFAULT_PART_SIZE;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration connectTimeout;
    private Duration readTimeout;
    private Duration requestTimeout;
    private String accessKeyId;
    private String accessKeySecret;

    private Builder() {}

    /** The bucket; else {@code OSS_BUCKET}. */
    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /** The endpoint URL; else {@code OSS_ENDPOINT}. */
    public Builder endpoint(String endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** Force path-style (second-level-domain) addressing for host-name endpoints. */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** The key prefix in the bucket; "" (the default) for the bucket root. */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
      return this;
    }

    /** The multipart part size in bytes, at least 100 KiB. */
    public Builder partSize(int partSize) {
      this.partSize = partSize;
      return this;
    }

    /** Attempts per request including the first; retries back off exponentially. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The TCP connect timeout; else {@code OSS_CONNECT_TIMEOUT_SECONDS}; else 10 s. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** The socket read timeout; else {@code OSS_READ_TIMEOUT_SECONDS}; else 30 s. */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    /**
     * One attempt of one request, a part upload included; else {@code OSS_REQUEST_TIMEOUT_SECONDS};
     * else 2 minutes.
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /**
     * An explicit key pair instead of {@code OSS_ACCESS_KEY_ID} / {@code OSS_ACCESS_KEY_SECRET}.
     */
    public Builder accessKey(String accessKeyId, String accessKeySecret) {
      this.accessKeyId = accessKeyId;
      this.accessKeySecret = accessKeySecret;
      return this;
    }

    /** The configuration with no environment to fall back on. */
    public OssTargetConfig build() {
      return build(Map.of());
    }

    /** The configuration, with gaps filled from {@code env}; fails naming what is missing. */
    public OssTargetConfig build(Map<String, String> env) {
      return new OssTargetConfig(this, env);
    }
  }
}
