package dev.bulwark.targets.s3;

import dev.bulwark.targets.ObjectKeys;
import dev.bulwark.targets.RequestTimeouts;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Where and how an {@link S3Target} reaches its bucket. Values given to the builder win; missing
 * ones come from the environment map ({@code S3_BUCKET}, {@code S3_REGION}, {@code S3_ENDPOINT});
 * credentials come from {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} (and {@code
 * AWS_SESSION_TOKEN}) in that map, else from the SDK's default chain (system properties, the
 * process environment, profiles, container and instance roles). {@link #toString()} never shows a
 * secret.
 */
public final class S3TargetConfig {
  /** The smallest part S3 accepts (except for the last one). */
  public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

  /** 16 MiB: one buffered part per upload in memory, 10,000 parts reach 156 GiB. */
  public static final int DEFAULT_PART_SIZE = 16 * 1024 * 1024;

  /** The first attempt plus three retries with exponential backoff. */
  public static final int DEFAULT_MAX_ATTEMPTS = 4;

  /** The region S3-compatible stores expect when none is configured. */
  public static final String DEFAULT_COMPATIBLE_REGION = "us-east-1";

  private final String bucket;
  private final String region;
  private final Optional<URI> endpoint;
  private final boolean pathStyle;
  private final String keyPrefix;
  private final int partSize;
  private final int maxAttempts;
  private final RequestTimeouts timeouts;
  private final boolean checksumsWhenRequired;
  private final AwsCredentialsProvider credentials;
  private final String credentialSource;

  private S3TargetConfig(Builder b, Map<String, String> env) {
    this.bucket = firstOf(b.bucket, env.get("S3_BUCKET"));
    if (bucket == null) {
      throw new IllegalArgumentException(
          "S3 target: no bucket: name it in the policy's target or set S3_BUCKET");
    }
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException(
          "S3 target: bucket name '"
              + bucket
              + "' is invalid: use 3 to 63 lower-case letters, digits, dots and hyphens");
    }
    String endpointText = firstOf(b.endpoint, env.get("S3_ENDPOINT"));
    this.endpoint = Optional.ofNullable(endpointText).map(S3TargetConfig::parseEndpoint);
    String configuredRegion = firstOf(b.region, env.get("S3_REGION"));
    if (configuredRegion == null && endpoint.isEmpty()) {
      throw new IllegalArgumentException(
          "S3 target: no region for bucket "
              + bucket
              + ": give the policy's region or set S3_REGION");
    }
    this.region = configuredRegion == null ? DEFAULT_COMPATIBLE_REGION : configuredRegion;
    // S3-compatible stores behind a custom endpoint rarely serve virtual-hosted buckets.
    this.pathStyle = b.pathStyle != null ? b.pathStyle : endpoint.isPresent();
    this.keyPrefix = ObjectKeys.under(b.keyPrefix).prefix();
    if (b.partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException(
          "S3 target: part size " + b.partSize + " is below S3's minimum of " + MIN_PART_SIZE);
    }
    this.partSize = b.partSize;
    if (b.maxAttempts < 1) {
      throw new IllegalArgumentException(
          "S3 target: maxAttempts must be at least 1, was " + b.maxAttempts);
    }
    this.maxAttempts = b.maxAttempts;
    try {
      this.timeouts =
          RequestTimeouts.resolve(
              "S3", b.connectTimeout, b.readTimeout, b.requestTimeout, b.callTimeout, env);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("S3 target: " + e.getMessage(), e);
    }
    this.checksumsWhenRequired = b.checksumsWhenRequired;
    String accessKey = blankToNull(env.get("AWS_ACCESS_KEY_ID"));
    String secretKey = blankToNull(env.get("AWS_SECRET_ACCESS_KEY"));
    if (b.credentials != null) {
      this.credentials = b.credentials;
      this.credentialSource = "given credentials provider";
    } else if (accessKey != null || secretKey != null) {
      if (accessKey == null || secretKey == null) {
        throw new IllegalArgumentException(
            "S3 target: set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither");
      }
      String token = blankToNull(env.get("AWS_SESSION_TOKEN"));
      this.credentials =
          StaticCredentialsProvider.create(
              token == null
                  ? AwsBasicCredentials.create(accessKey, secretKey)
                  : AwsSessionCredentials.create(accessKey, secretKey, token));
      this.credentialSource = "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
    } else {
      this.credentials = DefaultCredentialsProvider.builder().build();
      this.credentialSource = "the SDK's default credential chain";
    }
  }

  /**
   * A builder with the defaults: 16 MiB parts, 4 attempts, and the {@link RequestTimeouts#DEFAULTS}
   * unless {@code S3_*_TIMEOUT_SECONDS} says otherwise.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The bucket name. */
  public String bucket() {
    return bucket;
  }

  /** The region requests are signed for. */
  public String region() {
    return region;
  }

  /** The custom endpoint of an S3-compatible store, if any. */
  public Optional<URI> endpoint() {
    return endpoint;
  }

  /** Whether requests address the bucket in the path rather than the host name. */
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

  /** The bounds of one request: connect, read, one attempt, all attempts. */
  public RequestTimeouts timeouts() {
    return timeouts;
  }

  /**
   * Whether request checksums are only sent where S3 requires them: for S3-compatible stores that
   * reject the SDK's default CRC trailers (S3Proxy, older MinIO and Ceph).
   */
  public boolean checksumsWhenRequired() {
    return checksumsWhenRequired;
  }

  /** The credentials the client signs with. */
  public AwsCredentialsProvider credentials() {
    return credentials;
  }

  /** The bucket as a URL for messages, with the endpoint when there is one; never a credential. */
  public String describe() {
    String where = "s3://" + bucket + "/" + keyPrefix;
    return endpoint.map(uri -> where + " at " + uri).orElse(where + " in " + region);
  }

  @Override
  public String toString() {
    return "S3TargetConfig{"
        + describe()
        + ", pathStyle="
        + pathStyle
        + ", partSize="
        + partSize
        + ", maxAttempts="
        + maxAttempts
        + ", "
        + timeouts
        + ", credentials from "
        + credentialSource
        + "}";
  }

  private static URI parseEndpoint(String text) {
    URI uri;
    try {
      uri = URI.create(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("S3 target: endpoint '" + text + "' is not a URL", e);
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "S3 target: endpoint '" + text + "' needs a scheme and host, like http://minio:9000");
    }
    return uri;
  }

  private static String firstOf(String explicit, String fromEnv) {
    String value = blankToNull(explicit);
    return value != null ? value : blankToNull(fromEnv);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** Collects explicit settings; {@link #build(Map)} fills the gaps from the environment. */
  public static final class Builder {
    private String bucket;
    private String region;
    private String endpoint;
    private Boolean pathStyle;
    private String keyPrefix;
    private int partSize = DEFAULT_PART_SIZE;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration connectTimeout;
    private Duration readTimeout;
    private Duration requestTimeout;
    private Duration callTimeout;
    private boolean checksumsWhenRequired;
    private AwsCredentialsProvider credentials;

    private Builder() {}

    /** The bucket; else {@code S3_BUCKET}. */
    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /** The region; else {@code S3_REGION}; else us-east-1 when an endpoint is set. */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** The endpoint URL of an S3-compatible store; else {@code S3_ENDPOINT}; else AWS. */
    public Builder endpoint(String endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** Path-style addressing; defaults to true exactly when an endpoint is set. */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** The key prefix in the bucket; "" (the default) for the bucket root. */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
      return this;
    }

    /** The multipart part size in bytes, at least 5 MiB. */
    public Builder partSize(int partSize) {
      this.partSize = partSize;
      return this;
    }

    /** Attempts per request including the first; retries back off exponentially. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The TCP connect timeout; else {@code S3_CONNECT_TIMEOUT_SECONDS}; else 10 s. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** The socket read timeout; else {@code S3_READ_TIMEOUT_SECONDS}; else 30 s. */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    /**
     * One attempt of one request, a part upload included; else {@code S3_REQUEST_TIMEOUT_SECONDS};
     * else 2 minutes.
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /** One request with all its retries; else {@code S3_CALL_TIMEOUT_SECONDS}; else 5 minutes. */
    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = callTimeout;
      return this;
    }

    /** Send checksums only where required, for stores that reject the SDK's CRC trailers. */
    public Builder checksumsWhenRequired(boolean checksumsWhenRequired) {
      this.checksumsWhenRequired = checksumsWhenRequired;
      return this;
    }

    /** Explicit credentials instead of the environment and the default chain. */
    public Builder credentials(AwsCredentialsProvider credentials) {
      this.credentials = credentials;
      return this;
    }

    /** The configuration with no environment to fall back on. */
    public S3TargetConfig build() {
      return build(Map.of());
    }

    /** The configuration, with gaps filled from {@code env}; fails naming what is missing. */
    public S3TargetConfig build(Map<String, String> env) {
      return new S3TargetConfig(this, env);
    }
  }
}
