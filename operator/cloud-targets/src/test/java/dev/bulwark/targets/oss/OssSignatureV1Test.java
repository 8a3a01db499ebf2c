package dev.bulwark.targets.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.HttpMethod;
import com.aliyun.oss.common.comm.RequestMessage;
import com.aliyun.oss.internal.SignUtils;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The test endpoint's canonical string agrees with the one the SDK signs, byte for byte. */
class OssSignatureV1Test {
  private static final String DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).format(Instant.now());

  @Test
  void theStringToSignMatchesTheSdksForAMultipartPartUpload() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/octet-stream");
    headers.put("Date", DATE);
    headers.put("X-OSS-Forbid-Overwrite", "true");
    headers.put("x-oss-tagging", "tier=hot&job=j-1");
    headers.put("User-Agent", "not signed");
    Map<String, String> params = new LinkedHashMap<>();
    params.put("uploadId", "0004B9894A22E5B1888A1E29F823");
    params.put("partNumber", "3");
    params.put("max-keys", "not signed");

    assertThat(OssSignatureV1.stringToSign(request("PUT", "bkt", "a/b c.bin", headers, params)))
        .isEqualTo(sdkStringToSign("PUT", "bkt", "a/b c.bin", headers, params));
  }

  @Test
  void theStringToSignMatchesTheSdksForBucketSubresourcesWithoutValues() {
    Map<String, String> headers = Map.of("Date", DATE, "Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==");
    Map<String, String> params = new LinkedHashMap<>();
    params.put("lifecycle", null);

    assertThat(OssSignatureV1.stringToSign(request("PUT", "bkt", "", headers, params)))
        .isEqualTo(sdkStringToSign("PUT", "bkt", null, headers, params))
        .endsWith("\n/bkt/?lifecycle");
  }

  @Test
  void aDateTooFarOffIsRefused() {
    OssSignatureV1 signature =
        new OssSignatureV1(
            "id",
            "secret",
            Clock.fixed(Instant.now().plus(Duration.ofMinutes(20)), ZoneOffset.UTC));
    OssRequest request =
        request("GET", "bkt", "k", Map.of("Date", DATE, "Authorization", "OSS id:sig"), Map.of());

    assertThatThrownBy(() -> signature.verify(request))
        .isInstanceOfSatisfying(
            OssError.class, e -> assertThat(e.code).isEqualTo("RequestTimeTooSkewed"));
  }

  @Test
  void aRequestWithoutAuthorizationIsDenied() {
    OssSignatureV1 signature = new OssSignatureV1("id", "secret", Clock.systemUTC());

    assertThatThrownBy(
            () -> signature.verify(request("GET", "bkt", "k", Map.of("Date", DATE), Map.of())))
        .isInstanceOfSatisfying(OssError.class, e -> assertThat(e.code).isEqualTo("AccessDenied"));
  }

  private static OssRequest request(
      String method,
      String bucket,
      String key,
      Map<String, String> headers,
      Map<String, String> params) {
    Map<String, String> lower = new TreeMap<>();
    headers.forEach((name, value) -> lower.put(name.toLowerCase(), value));
    return new OssRequest(method, bucket, key, new TreeMap<>(params), lower, new byte[0]);
  }

  private static String sdkStringToSign(
      String method,
      String bucket,
      String key,
      Map<String, String> headers,
      Map<String, String> params) {
    RequestMessage message = new RequestMessage(bucket, key);
    message.setMethod(HttpMethod.valueOf(method));
    message.setHeaders(new LinkedHashMap<>(headers));
    message.setParameters(new LinkedHashMap<>(params));
    String resourcePath = "/" + bucket + "/" + (key == null ? "" : key);
    return SignUtils.buildCanonicalString(method, resourcePath, message, null);
  }
}
