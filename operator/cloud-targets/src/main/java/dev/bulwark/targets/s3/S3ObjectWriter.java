package dev.bulwark.targets.s3;

import dev.bulwark.engine.target.ObjectExistsException;
import dev.bulwark.targets.BufferedMultipartWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Tagging;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A write-once upload to S3: one conditional PUT ({@code If-None-Match: *}) for an object that fits
 * in one part, else CreateMultipartUpload, UploadPart per buffered part and a conditional
 * CompleteMultipartUpload; AbortMultipartUpload on any failure or on close without commit.
 */
final class S3ObjectWriter extends BufferedMultipartWriter {
  private static final String OCTETS = "application/octet-stream";

  private final S3Client s3;
  private final String bucket;
  private final String targetKey;
  private final String bucketKey;
  private final Optional<Tagging> tagging;
  private final boolean checksums;
  private final S3Errors errors;
  private final List<CompletedPart> parts = new ArrayList<>();
  private final ByteArrayOutputStream partDigests = new ByteArrayOutputStream();
  private String uploadId;

  S3ObjectWriter(
      S3Client s3,
      String bucket,
      String targetKey,
      String bucketKey,
      Optional<Tagging> tagging,
      int partSize,
      boolean checksums,
      S3Errors errors) {
    super(targetKey, partSize);
    this.s3 = s3;
    this.bucket = bucket;
    this.targetKey = targetKey;
    this.bucketKey = bucketKey;
    this.tagging = tagging;
    this.checksums = checksums;
    this.errors = errors;
  }

  @Override
  protected void putWhole(byte[] data, int length) throws IOException {
    try {
      s3.putObject(
          b -> {
            b.bucket(bucket).key(bucketKey).ifNoneMatch("*").contentLength((long) length);
            tagging.ifPresent(b::tagging);
          },
          body(data, length));
    } catch (SdkException e) {
      if (isConditionFailed(e)) {
        // A retry after a lost response meets our own first attempt: that is a success.
        if (retried(e) && storedETagIs(md5Hex(data, length))) {
          return;
        }
        throw new ObjectExistsException(targetKey);
      }
      throw errors.failed("put", targetKey, e);
    }
  }

  @Override
  protected void startMultipart() throws IOException {
    // S3 has no conditional CreateMultipartUpload: look first, so that a taken key fails before
    // gigabytes of parts are sent. The conditional complete still decides a race.
    try {
      s3.headObject(b -> b.bucket(bucket).key(bucketKey));
      throw new ObjectExistsException(targetKey);
    } catch (SdkException e) {
      if (!S3Errors.isStatus(e, 404)) {
        throw errors.failed("checking before the multipart upload of", targetKey, e);
      }
    }
    try {
      uploadId =
          s3.createMultipartUpload(
                  b -> {
                    b.bucket(bucket).key(bucketKey).contentType(OCTETS);
                    tagging.ifPresent(b::tagging);
                    if (checksums) {
                      b.checksumAlgorithm(ChecksumAlgorithm.CRC32);
                    }
                  })
              .uploadId();
    } catch (SdkException e) {
      throw errors.failed("starting the multipart upload of", targetKey, e);
    }
  }

  @Override
  protected void uploadPart(int partNumber, byte[] data, int length) throws IOException {
    try {
      UploadPartResponse response =
          s3.uploadPart(
              b -> {
                b.bucket(bucket)
                    .key(bucketKey)
                    .uploadId(uploadId)
                    .partNumber(partNumber)
                    .contentLength((long) length);
                if (checksums) {
                  b.checksumAlgorithm(ChecksumAlgorithm.CRC32);
                }
              },
              body(data, length));
      parts.add(
          CompletedPart.builder()
              .partNumber(partNumber)
              .eTag(response.eTag())
              .checksumCRC32(response.checksumCRC32())
              .build());
      partDigests.writeBytes(HexFormat.of().parseHex(unquote(response.eTag())));
    } catch (SdkException e) {
      throw errors.failed("uploading part " + partNumber + " of", targetKey, e);
    } catch (IllegalArgumentException e) {
      // Not an MD5 ETag (an encrypting store): the retry check below simply never matches.
      partDigests.reset();
    }
  }

  @Override
  protected void completeMultipart() throws IOException {
    try {
      s3.completeMultipartUpload(
          b ->
              b.bucket(bucket)
                  .key(bucketKey)
                  .uploadId(uploadId)
                  .ifNoneMatch("*")
                  .multipartUpload(m -> m.parts(parts)));
    } catch (SdkException e) {
      if (isConditionFailed(e)) {
        if (retried(e)
            && partDigests.size() == 16 * parts.size()
            && storedETagIs(
                md5Hex(partDigests.toByteArray(), partDigests.size()) + "-" + parts.size())) {
          return;
        }
        throw new ObjectExistsException(targetKey);
      }
      throw errors.failed("completing the multipart upload of", targetKey, e);
    }
  }

  @Override
  protected void abortMultipart() throws IOException {
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(bucketKey).uploadId(uploadId));
    } catch (SdkException e) {
      if (S3Errors.isStatus(e, 404)) {
        return; // already gone
      }
      throw errors.failed("aborting the multipart upload of", targetKey, e);
    }
  }

  private static RequestBody body(byte[] data, int length) {
    // A fresh stream per attempt over the same buffer: retries resend it without a copy.
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(data, 0, length), length, OCTETS);
  }

  /**
   * S3 answers a failed {@code If-None-Match: *} with 412; some S3-compatible stores (S3Mock among
   * them) answer 304 on CompleteMultipartUpload, which can mean nothing else on a write.
   */
  private static boolean isConditionFailed(SdkException e) {
    return S3Errors.isStatus(e, 412) || S3Errors.isStatus(e, 304);
  }

  private static boolean retried(SdkException e) {
    return S3Errors.attempts(e) > 1;
  }

  private boolean storedETagIs(String expected) {
    try {
      String stored = s3.headObject(b -> b.bucket(bucket).key(bucketKey)).eTag();
      return stored != null && unquote(stored).equalsIgnoreCase(expected);
    } catch (SdkException e) {
      return false;
    }
  }

  private static String unquote(String etag) {
    return etag == null ? "" : etag.replace("\"", "");
  }

  private static String md5Hex(byte[] data, int length) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update(data, 0, length);
      return HexFormat.of().formatHex(md5.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }
}
