package dev.bulwark.targets.oss;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.ListMultipartUploadsRequest;
import com.aliyun.oss.model.ListObjectsV2Request;
import com.aliyun.oss.model.ListObjectsV2Result;
import com.aliyun.oss.model.MultipartUpload;
import com.aliyun.oss.model.MultipartUploadListing;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.ObjectMetadata;
import dev.bulwark.engine.target.ObjectInfo;
import dev.bulwark.engine.target.ObjectNotFoundException;
import dev.bulwark.engine.target.ObjectPage;
import dev.bulwark.engine.target.ObjectWriter;
import dev.bulwark.engine.target.Target;
import dev.bulwark.targets.ObjectKeys;
import dev.bulwark.targets.lifecycle.BucketLifecycle;
import dev.bulwark.targets.lifecycle.StoredObject;
import dev.bulwark.targets.lifecycle.TieredTarget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * An Aliyun OSS bucket as a {@link Target}, under an optional key prefix, through aliyun-sdk-oss.
 *
 * <p>Write-once puts send {@code x-oss-forbid-overwrite: true} (409 FileAlreadyExists becomes
 * {@link dev.bulwark.engine.target.ObjectExistsException}); objects larger than one part stream as
 * multipart uploads that are aborted on failure; ranged reads are ranged GETs with {@code
 * x-oss-range-behavior: standard}, so an invalid range fails instead of returning the whole object;
 * listings are ListObjectsV2 pages; tags are object tagging. Requests are retried with exponential
 * backoff on throttling, 5xx and connection errors. Errors are IOExceptions naming the bucket, the
 * key and the store's reason, never a credential.
 */
public final class OssTarget implements Target, TieredTarget {
  private static final int MAX_PAGE = 1000;

  private final OssTargetConfig config;
  private final OSS oss;
  private final ObjectKeys keys;
  private final OssErrors errors;

  /** Connects to the bucket {@code config} names; the target owns its client until closed. */
  public OssTarget(OssTargetConfig config) {
    this.config = config;
    this.oss = OssClients.create(config);
    this.keys = ObjectKeys.under(config.keyPrefix());
    this.errors = new OssErrors(config.describe());
  }

  /** The configuration this target was built from. */
  public OssTargetConfig config() {
    return config;
  }

  @Override
  public String provider() {
    return "oss";
  }

  @Override
  public String describe() {
    return config.describe();
  }

  /** The bucket's lifecycle rules, through this target's client and key prefix. */
  @Override
  public BucketLifecycle lifecycle() {
    return new OssBucketLifecycle(oss, config.bucket(), keys.prefix(), errors);
  }

  @Override
  public ObjectWriter create(String key, Map<String, String> tags) {
    return new OssObjectWriter(
        oss, config.bucket(), key, keys.toBucketKey(key), tags, config.partSize(), errors);
  }

  @Override
  public void replace(String key, byte[] content) throws IOException {
    String bucketKey = keys.toBucketKey(key);
    ObjectMetadata metadata = new ObjectMetadata();
    metadata.setContentLength(content.length);
    metadata.setContentType("application/octet-stream");
    try {
      oss.putObject(config.bucket(), bucketKey, new ByteArrayInputStream(content), metadata);
    } catch (OSSException | ClientException e) {
      throw errors.failed("replace", key, e);
    }
  }

  @Override
  public InputStream get(String key) throws IOException {
    String bucketKey = keys.toBucketKey(key);
    try {
      return new OssObjectStream(oss.getObject(config.bucket(), bucketKey));
    } catch (OSSException | ClientException e) {
      throw notFoundOr(e, "get", key);
    }
  }

  @Override
  public InputStream getRange(String key, long offset, long length) throws IOException {
    String bucketKey = keys.toBucketKey(key);
    if (offset < 0 || length < 0) {
      throw new IOException(describe() + ": invalid range " + offset + "+" + length + " of " + key);
    }
    if (length == 0) {
      long size = head(key).orElseThrow(() -> new ObjectNotFoundException(key, describe())).size();
      if (offset > size) {
        throw outside(key, offset, length, Long.toString(size));
      }
      return InputStream.nullInputStream();
    }
    GetObjectRequest request = new GetObjectRequest(config.bucket(), bucketKey);
    request.setRange(offset, offset + length - 1);
    // Without it OSS answers an invalid range with the whole object and status 200.
    request.addHeader("x-oss-range-behavior", "standard");
    OSSObject object;
    try {
      object = oss.getObject(request);
    } catch (OSSException | ClientException e) {
      if (OssErrors.isCode(e, "InvalidRange")) {
        throw outside(key, offset, length, "fewer");
      }
      throw notFoundOr(e, "ranged get", key);
    }
    ObjectMetadata metadata = object.getObjectMetadata();
    Object range = metadata.getRawMetadata().get("Content-Range");
    boolean exact =
        metadata.getContentLength() == length
            && (range != null ? range.toString().startsWith("bytes " + offset + "-") : offset == 0);
    if (!exact) {
      OssObjectStream.abort(object);
      String total =
          range == null ? "?" : range.toString().substring(range.toString().indexOf('/') + 1);
      throw outside(key, offset, length, total);
    }
    return new OssObjectStream(object);
  }

  @Override
  public Optional<ObjectInfo> head(String key) throws IOException {
    String bucketKey = keys.toBucketKey(key);
    try {
      ObjectMetadata metadata = oss.getObjectMetadata(config.bucket(), bucketKey);
      return Optional.of(
          new ObjectInfo(key, metadata.getContentLength(), metadata.getLastModified().toInstant()));
    } catch (OSSException | ClientException e) {
      if (OssErrors.isCode(e, "NoSuchKey")) {
        return Optional.empty();
      }
      throw errors.failed("head", key, e);
    }
  }

  @Override
  public ObjectPage list(String prefix, String startAfter, int maxKeys) throws IOException {
    if (maxKeys <= 0) {
      throw new IllegalArgumentException("maxKeys must be positive, was " + maxKeys);
    }
    ListObjectsV2Request request =
        new ListObjectsV2Request(config.bucket())
            .withPrefix(keys.toBucketPrefix(prefix))
            .withMaxKeys(Math.min(maxKeys, MAX_PAGE));
    if (startAfter != null) {
      request.setStartAfter(keys.prefix() + startAfter);
    }
    try {
      ListObjectsV2Result page = oss.listObjectsV2(request);
      List<ObjectInfo> objects = page.getObjectSummaries().stream().map(this::info).toList();
      return new ObjectPage(objects, page.isTruncated());
    } catch (OSSException | ClientException e) {
      throw errors.failed("list", keys.toBucketPrefix(prefix), e);
    }
  }

  @Override
  public Iterator<ObjectInfo> listAll(String prefix) throws IOException {
    return listing(prefix, this::info);
  }

  @Override
  public String hotStorageClass() {
    return "Standard";
  }

  @Override
  public Iterator<StoredObject> listWithStorageClass(String prefix) throws IOException {
    return listing(
        prefix,
        s ->
            new StoredObject(
                keys.toTargetKey(s.getKey()),
                s.getSize(),
                s.getLastModified().toInstant(),
                s.getStorageClass()));
  }

  @Override
  public void delete(String key) throws IOException {
    String bucketKey = keys.toBucketKey(key);
    try {
      oss.deleteObject(config.bucket(), bucketKey);
    } catch (OSSException | ClientException e) {
      if (OssErrors.isCode(e, "NoSuchKey")) {
        return;
      }
      throw errors.failed("delete", key, e);
    }
  }

  @Override
  public Map<String, String> tags(String key) throws IOException {
    String bucketKey = keys.toBucketKey(key);
    try {
      return new TreeMap<>(oss.getObjectTagging(config.bucket(), bucketKey).getAllTags());
    } catch (OSSException | ClientException e) {
      throw notFoundOr(e, "reading the tags of", key);
    }
  }

  @Override
  public void setTags(String key, Map<String, String> tags) throws IOException {
    String bucketKey = keys.toBucketKey(key);
    try {
      if (tags.isEmpty()) {
        // OSS refuses an empty tag set; deleting the tagging is how tags are cleared.
        oss.getObjectMetadata(config.bucket(), bucketKey);
        oss.deleteObjectTagging(config.bucket(), bucketKey);
      } else {
        oss.setObjectTagging(config.bucket(), bucketKey, new TreeMap<>(tags));
      }
    } catch (OSSException | ClientException e) {
      throw notFoundOr(e, "setting the tags of", key);
    }
  }

  @Override
  public void abortIncompleteWrites(String keyPrefix) throws IOException {
    String bucketPrefix = keys.toBucketPrefix(keyPrefix);
    ListMultipartUploadsRequest request = new ListMultipartUploadsRequest(config.bucket());
    request.setPrefix(bucketPrefix);
    request.setMaxUploads(MAX_PAGE);
    try {
      while (true) {
        MultipartUploadListing listing = oss.listMultipartUploads(request);
        for (MultipartUpload upload : listing.getMultipartUploads()) {
          abortUpload(upload);
        }
        if (!listing.isTruncated()) {
          return;
        }
        request.setKeyMarker(listing.getNextKeyMarker());
        request.setUploadIdMarker(listing.getNextUploadIdMarker());
      }
    } catch (OSSException | ClientException e) {
      throw errors.failed("listing the incomplete uploads under", bucketPrefix, e);
    }
  }

  @Override
  public void close() {
    oss.shutdown();
  }

  private void abortUpload(MultipartUpload upload) throws IOException {
    try {
      oss.abortMultipartUpload(
          new AbortMultipartUploadRequest(config.bucket(), upload.getKey(), upload.getUploadId()));
    } catch (OSSException e) {
      if (!"NoSuchUpload".equals(e.getErrorCode())) {
        throw errors.failed("aborting the incomplete upload of", upload.getKey(), e);
      }
    }
  }

  private <T> Iterator<T> listing(String prefix, Function<OSSObjectSummary, T> mapping)
      throws IOException {
    return new OssListing<>(
        oss, config.bucket(), keys.toBucketPrefix(prefix), MAX_PAGE, mapping, errors);
  }

  private ObjectInfo info(OSSObjectSummary summary) {
    return new ObjectInfo(
        keys.toTargetKey(summary.getKey()),
        summary.getSize(),
        summary.getLastModified().toInstant());
  }

  private IOException notFoundOr(RuntimeException e, String action, String key) {
    if (OssErrors.isCode(e, "NoSuchKey")) {
      return new ObjectNotFoundException(key, describe());
    }
    return errors.failed(action, key, e);
  }

  private IOException outside(String key, long offset, long length, String size) {
    return new IOException(
        describe()
            + ": range "
            + offset
            + "+"
            + length
            + " lies outside object "
            + key
            + " of "
            + size
            + " bytes");
  }
}
