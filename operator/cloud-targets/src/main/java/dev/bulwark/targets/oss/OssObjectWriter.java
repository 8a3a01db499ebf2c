package dev.bulwark.targets.oss;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.PutObjectRequest;
import com.aliyun.oss.model.UploadPartRequest;
import dev.bulwark.engine.target.ObjectExistsException;
import dev.bulwark.targets.BufferedMultipartWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A write-once upload to OSS: one PutObject with {@code x-oss-forbid-overwrite: true} for an object
 * that fits in one part, else InitiateMultipartUpload, UploadPart per buffered part and a
 * CompleteMultipartUpload that also forbids overwriting; AbortMultipartUpload on any failure or on
 * close without commit.
 */
final class OssObjectWriter extends BufferedMultipartWriter {
  static final String FORBID_OVERWRITE = "x-oss-forbid-overwrite";

  private final OSS oss;
  private final String bucket;
  private final String targetKey;
  private final String bucketKey;
  private final Map<String, String> tags;
  private final OssErrors errors;
  private final List<PartETag> parts = new ArrayList<>();
  private String uploadId;

  OssObjectWriter(
      OSS oss,
      String bucket,
      String targetKey,
      String bucketKey,
      Map<String, String> tags,
      int partSize,
      OssErrors errors) {
    super(targetKey, partSize);
    this.oss = oss;
    this.bucket = bucket;
    this.targetKey = targetKey;
    this.bucketKey = bucketKey;
    this.tags = Map.copyOf(tags);
    this.errors = errors;
  }

  @Override
  protected void putWhole(byte[] data, int length) throws IOException {
    ObjectMetadata metadata = writeOnceMetadata();
    metadata.setContentLength(length);
    try {
      oss.putObject(
          new PutObjectRequest(
              bucket, bucketKey, new ByteArrayInputStream(data, 0, length), metadata));
    } catch (OSSException | ClientException e) {
      throw existsOr(e, "put");
    }
  }

  @Override
  protected void startMultipart() throws IOException {
    try {
      uploadId =
          oss.initiateMultipartUpload(
                  new InitiateMultipartUploadRequest(bucket, bucketKey, writeOnceMetadata()))
              .getUploadId();
    } catch (OSSException | ClientException e) {
      throw existsOr(e, "starting the multipart upload of");
    }
  }

  @Override
  protected void uploadPart(int partNumber, byte[] data, int length) throws IOException {
    UploadPartRequest request =
        new UploadPartRequest(
            bucket,
            bucketKey,
            uploadId,
            partNumber,
            new ByteArrayInputStream(data, 0, length),
            length);
    try {
      parts.add(oss.uploadPart(request).getPartETag());
    } catch (OSSException | ClientException e) {
      throw errors.failed("uploading part " + partNumber + " of", targetKey, e);
    }
  }

  @Override
  protected void completeMultipart() throws IOException {
    CompleteMultipartUploadRequest request =
        new CompleteMultipartUploadRequest(bucket, bucketKey, uploadId, parts);
    request.addHeader(FORBID_OVERWRITE, "true");
    try {
      oss.completeMultipartUpload(request);
    } catch (OSSException | ClientException e) {
      throw existsOr(e, "completing the multipart upload of");
    }
  }

  @Override
  protected void abortMultipart() throws IOException {
    try {
      oss.abortMultipartUpload(new AbortMultipartUploadRequest(bucket, bucketKey, uploadId));
    } catch (OSSException e) {
      if ("NoSuchUpload".equals(e.getErrorCode())) {
        return; // already gone
      }
      throw errors.failed("aborting the multipart upload of", targetKey, e);
    } catch (ClientException e) {
      throw errors.failed("aborting the multipart upload of", targetKey, e);
    }
  }

  private ObjectMetadata writeOnceMetadata() {
    ObjectMetadata metadata = new ObjectMetadata();
    metadata.setContentType("application/octet-stream");
    metadata.setHeader(FORBID_OVERWRITE, "true");
    if (!tags.isEmpty()) {
      metadata.setObjectTagging(tags);
    }
    return metadata;
  }

  private IOException existsOr(RuntimeException e, String action) {
    if (OssErrors.isCode(e, "FileAlreadyExists")) {
      return new ObjectExistsException(targetKey);
    }
    return errors.failed(action, targetKey, e);
  }
}
