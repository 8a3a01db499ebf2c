package dev.bulwark.targets.s3;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the S3 client a configuration describes. */
final class S3Clients {
  private S3Clients() {}

  static S3Client create(S3TargetConfig config) {
    S3ClientBuilder builder =
        S3Client.builder()
            // The JDK's HttpURLConnection: blocking, no Netty or Apache client on the classpath.
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(config.connectTimeout())
                    .socketTimeout(config.readTimeout()))
            .region(Region.of(config.region()))
            .credentialsProvider(config.credentials())
            .forcePathStyle(config.pathStyle())
            .overrideConfiguration(
                o ->
                    // Standard mode: exponential backoff with jitter on throttling, 5xx and I/O
                    // errors. A socket timeout alone does not bound a request: an upload to a store
                    // that stopped reading blocks in write(), which no read timeout covers.
                    o.retryStrategy(
                            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(config.maxAttempts())
                                .build())
                        .apiCallAttemptTimeout(config.timeouts().attempt())
                        .apiCallTimeout(config.timeouts().call()));
    config.endpoint().ifPresent(builder::endpointOverride);
    if (config.checksumsWhenRequired()) {
      builder
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return builder.build();
  }
}
