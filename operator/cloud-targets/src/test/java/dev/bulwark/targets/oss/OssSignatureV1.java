package dev.bulwark.targets.oss;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a request's OSS V1 signature as OSS does: {@code Authorization: OSS AccessKeyId:Signature}
 * where the signature is Base64(HMAC-SHA1(secret, VERB \n Content-MD5 \n Content-Type \n Date \n
 * CanonicalizedOSSHeaders CanonicalizedResource)). The canonical resource is {@code /bucket/key}
 * followed by the sub-resources OSS signs, sorted. Also refuses a Date more than 15 minutes off and
 * a Content-MD5 that does not match the body.
 */
final class OssSignatureV1 {
  private static final Duration MAX_SKEW = Duration.ofMinutes(15);

  /** The query parameters OSS includes in the canonical resource (the others are not signed). */
  private static final Set<String> SIGNED_SUBRESOURCES =
      Set.of(
          "acl",
          "uploads",
          "location",
          "cors",
          "logging",
          "website",
          "referer",
          "lifecycle",
          "delete",
          "append",
          "tagging",
          "objectMeta",
          "uploadId",
          "partNumber",
          "security-token",
          "position",
          "response-cache-control",
          "response-content-disposition",
          "response-content-encoding",
          "response-content-language",
          "response-content-type",
          "response-expires",
          "restore",
          "symlink",
          "versioning",
          "versionId",
          "versions",
          "encryption",
          "policy",
          "requestPayment",
          "continuation-token",
          "worm",
          "wormId",
          "x-oss-process",
          "x-oss-traffic-limit",
          "sequential",
          "bucketInfo",
          "stat",
          "qos",
          "inventory",
          "inventoryId",
          "replication",
          "cname",
          "comp",
          "live",
          "status",
          "vod",
          "startTime",
          "endTime",
          "img",
          "style",
          "styleName",
          "udf",
          "udfName",
          "processConfiguration",
          "x-oss-request-payer",
          "x-oss-async-process",
          "resourceGroup",
          "transferAcceleration");

  private final String accessKeyId;
  private final String secret;
  private final Clock clock;

  OssSignatureV1(String accessKeyId, String secret, Clock clock) {
    this.accessKeyId = accessKeyId;
    this.secret = secret;
    this.clock = clock;
  }

  /** Passes or throws the OssError that OSS would answer with. */
  void verify(OssRequest request) {
    String authorization = request.header("authorization");
    if (authorization == null) {
      throw new OssError(403, "AccessDenied", "You have no right to access this object.");
    }
    if (!authorization.startsWith("OSS ") || authorization.indexOf(':') < 0) {
      throw new OssError(400, "InvalidArgument", "Authorization header is invalid.");
    }
    String credential = authorization.substring(4);
    String givenId = credential.substring(0, credential.indexOf(':'));
    String givenSignature = credential.substring(credential.indexOf(':') + 1);
    if (!givenId.equals(accessKeyId)) {
      throw new OssError(
          403,
          "InvalidAccessKeyId",
          "The OSS Access Key Id you provided does not exist in our records.");
    }
    checkDate(request.header("date"));
    checkContentMd5(request);
    String stringToSign = stringToSign(request);
    String expected = sign(stringToSign);
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8),
        givenSignature.getBytes(StandardCharsets.UTF_8))) {
      throw new OssError(
          403,
          "SignatureDoesNotMatch",
          "The request signature we calculated does not match the signature you provided. Check "
              + "your key and signing method.",
          Map.of("StringToSign", stringToSign, "OSSAccessKeyId", givenId));
    }
  }

  static String stringToSign(OssRequest request) {
    StringBuilder text = new StringBuilder();
    text.append(request.method()).append('\n');
    text.append(valueOf(request.header("content-md5"))).append('\n');
    text.append(valueOf(request.header("content-type"))).append('\n');
    text.append(valueOf(request.header("date"))).append('\n');
    Map<String, String> ossHeaders = new TreeMap<>();
    request
        .headers()
        .forEach(
            (name, value) -> {
              if (name.startsWith("x-oss-")) {
                ossHeaders.put(name, value.trim());
              }
            });
    ossHeaders.forEach((name, value) -> text.append(name).append(':').append(value).append('\n'));
    text.append('/').append(request.bucket()).append('/').append(request.key());
    char separator = '?';
    for (Map.Entry<String, String> param : request.params().entrySet()) {
      if (SIGNED_SUBRESOURCES.contains(param.getKey())) {
        text.append(separator).append(param.getKey());
        if (param.getValue() != null) {
          text.append('=').append(param.getValue());
        }
        separator = '&';
      }
    }
    return text.toString();
  }

  private String sign(String stringToSign) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
  }

  private void checkDate(String date) {
    if (date == null) {
      throw new OssError(403, "AccessDenied", "OSS authentication requires a valid Date.");
    }
    Instant sent;
    try {
      sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new OssError(403, "AccessDenied", "OSS authentication requires a valid Date.");
    }
    if (Duration.between(sent, clock.instant()).abs().compareTo(MAX_SKEW) > 0) {
      throw new OssError(
          403,
          "RequestTimeTooSkewed",
          "The difference between the request time and the current time is too large.");
    }
  }

  private static void checkContentMd5(OssRequest request) {
    String contentMd5 = request.header("content-md5");
    if (contentMd5 == null) {
      return;
    }
    try {
      byte[] actual = MessageDigest.getInstance("MD5").digest(request.body());
      if (!Base64.getEncoder().encodeToString(actual).equals(contentMd5.trim())) {
        throw new OssError(400, "InvalidDigest", "The Content-MD5 you specified is not valid.");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }

  private static String valueOf(String header) {
    return header == null ? "" : header.trim();
  }
}
