package dev.bulwark.targets.s3;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The endpoint of an in-process S3Mock and a raw client on it, to see the bucket past a target. */
public final class S3MockClients {
  /** The access key id every test signs with (S3Mock accepts any). */
  public static final String ACCESS_KEY_ID = "AKIATEST";

  private S3MockClients() {}

  /** The S3Mock endpoint, like http://127.0.0.1:PORT. */
  public static String endpoint(S3MockExtension mock) {
    return "http://127.0.0.1:" + mock.getHttpPort();
  }

  /** A plain SDK client on {@code endpoint}, with path-style addressing. */
  public static S3Client raw(String endpoint) {
    return S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(URI.create(endpoint))
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(ACCESS_KEY_ID, "raw-client-secret")))
        .build();
  }

  /** The environment an {@link S3TargetConfig} reads its key pair from. */
  public static Map<String, String> credentials(String secret) {
    return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", secret);
  }
}
