package dev.bulwark.targets.s3;

import dev.bulwark.engine.target.ObjectInfo;
import dev.bulwark.engine.target.ObjectNotFoundException;
import dev.bulwark.engine.target.ObjectPage;
import dev.bulwark.engine.target.ObjectWriter;
import dev.bulwark.engine.target.Target;
import dev.bulwark.targets.ObjectKeys;
import dev.bulwark.targets.lifecycle.BucketLifecycle;
import dev.bulwark.targets.lifecycle.StoredObject;
import dev.bulwark.targets.lifecycle.TieredTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;

/**
 * A bucket of AWS S3 or an S3-compatible store as a {@link Target}, under an optional key prefix.
 *
 * <p>Write-once puts are conditional ({@code If-None-Match: *}, 412 becomes {@link
 * dev.bulwark.engine.target.ObjectExistsException}); objects larger than one part stream as
 * multipart uploads that are aborted on failure; ranged reads are ranged GETs; listings are
 * ListObjectsV2 pages; tags are object tagging. Requests are retried with exponential backoff on
 * throttling, 5xx and I/O errors, up to the configured number of attempts. Errors are IOExceptions
 * naming the bucket, the key and the store's reason, never a credential.
 */
public final class S3Target implements Target, TieredTarget {
  private static final int MAX_PAGE = 1000;

  private final S3TargetConfig config;
  private final S3Client s3;
  private final ObjectKeys keys;
  private final S3Errors errors;

  /** Connects to the bucket {@code config} names; the target owns its client until closed. */
  public S3Target(S3TargetConfig config) {
    this.config = config;
    this.s3 = S3Clients.create(config);
    this.keys = ObjectKeys.under(config.keyPrefix());
    this.errors = new S3Errors(config.describe());
  }

  /** The configuration this target was built from. */
  public S3TargetConfig config() {
    return config;
  }

  @Override
  public String provider() {
    return "s3";
  }

  @Override
  public String describe() {
    return config.describe();
  }

  /** The bucket's lifecycle rules, through this target's client and key prefix. */
  @Override
  public BucketLifecycle lifecycle() {
    return new S3BucketLifecycle(s3, config.bucket(), keys.prefix(), errors);
  }

  @Override
  public ObjectWriter create(String key, Map<String, String> tags) {
    return new S3ObjectWriter(
        s3,
        config.bucket(),
        key,
        keys.toBucketKey(key),
        tagging(tags),
        config.partSize(),
        !config.checksumsWhenRequired(),
        errors);
  }

  @Override
  public void replace(String key, byte[] content) throws IOException {
    String bucketKey = keys.toBucketKey(key);
    try {
      s3.putObject(b -> b.bucket(config.bucket()).key(bucketKey), RequestBody.fromBytes(content));
    } catch (SdkException e) {
      throw errors.failed("replace", key, e);
    }
  }

  @Override
  public InputStream get(String key) throws IOException {
    String bucketKey = keys.toBucketKey(key);
    try {
      return s3.getObject(b -> b.bucket(config.bucket()).key(bucketKey));
    } catch (SdkException e) {
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
    ResponseInputStream<GetObjectResponse> in;
    try {
      in =
          s3.getObject(
              b ->
                  b.bucket(config.bucket())
                      .key(bucketKey)
                      .range("bytes=" + offset + "-" + (offset + length - 1)));
    } catch (SdkException e) {
      if (S3Errors.isStatus(e, 416)) {
        throw outside(key, offset, length, "fewer");
      }
      throw notFoundOr(e, "ranged get", key);
    }
    GetObjectResponse response = in.response();
    String range = response.contentRange();
    boolean exact =
        response.contentLength() != null
            && response.contentLength() == length
            && (range != null ? range.startsWith("bytes " + offset + "-") : offset == 0);
    if (!exact) {
      // The store cut the range at the end of the object: the range does not lie inside it.
      in.abort();
      throw outside(
          key, offset, length, range == null ? "?" : range.substring(range.indexOf('/') + 1));
    }
    return in;
  }

  @Override
  public Optional<ObjectInfo> head(String key) throws IOException {
    String bucketKey = keys.toBucketKey(key);
    try {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(config.bucket()).key(bucketKey));
      return Optional.of(new ObjectInfo(key, head.contentLength(), head.lastModified()));
    } catch (SdkException e) {
      if (S3Errors.isStatus(e, 404) && !S3Errors.isCode(e, "NoSuchBucket")) {
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
    try {
      ListObjectsV2Response page =
          s3.listObjectsV2(
              b ->
                  b.bucket(config.bucket())
                      .prefix(keys.toBucketPrefix(prefix))
                      .startAfter(startAfter == null ? null : keys.prefix() + startAfter)
                      .maxKeys(Math.min(maxKeys, MAX_PAGE)));
      List<ObjectInfo> objects = page.contents().stream().map(this::info).toList();
      return new ObjectPage(objects, Boolean.TRUE.equals(page.isTruncated()));
    } catch (SdkException e) {
      throw errors.failed("list", keys.toBucketPrefix(prefix), e);
    }
  }

  @Override
  public Iterator<ObjectInfo> listAll(String prefix) throws IOException {
    return listing(prefix, this::info);
  }

  @Override
  public String hotStorageClass() {
    return "STANDARD";
  }

  @Override
  public Iterator<StoredObject> listWithStorageClass(String prefix) throws IOException {
    return listing(
        prefix,
        o ->
            new StoredObject(
                keys.toTargetKey(o.key()), o.size(), o.lastModified(), o.storageClassAsString()));
  }

  @Override
  public void delete(String key) throws IOException {
    String bucketKey = keys.toBucketKey(key);
    try {
      s3.deleteObject(b -> b.bucket(config.bucket()).key(bucketKey));
    } catch (SdkException e) {
      if (S3Errors.isCode(e, "NoSuchKey")) {
        return;
      }
      throw errors.failed("delete", key, e);
    }
  }

  @Override
  public Map<String, String> tags(String key) throws IOException {
    String bucketKey = keys.toBucketKey(key);
    try {
      Map<String, String> tags = new TreeMap<>();
      for (Tag tag : s3.getObjectTagging(b -> b.bucket(config.bucket()).key(bucketKey)).tagSet()) {
        tags.put(tag.key(), tag.value());
      }
      return tags;
    } catch (SdkException e) {
      throw notFoundOr(e, "reading the tags of", key);
    }
  }

  @Override
  public void setTags(String key, Map<String, String> tags) throws IOException {
    String bucketKey = keys.toBucketKey(key);
    try {
      Optional<Tagging> tagging = tagging(tags);
      if (tagging.isEmpty()) {
        // DeleteObjectTagging is how S3 clears tags; an empty PutObjectTagging is not portable.
        s3.deleteObjectTagging(b -> b.bucket(config.bucket()).key(bucketKey));
      } else {
        s3.putObjectTagging(b -> b.bucket(config.bucket()).key(bucketKey).tagging(tagging.get()));
      }
    } catch (SdkException e) {
      throw notFoundOr(e, "setting the tags of", key);
    }
  }

  @Override
  public void abortIncompleteWrites(String keyPrefix) throws IOException {
    String bucketPrefix = keys.toBucketPrefix(keyPrefix);
    try {
      for (MultipartUpload upload :
          s3.listMultipartUploadsPaginator(b -> b.bucket(config.bucket()).prefix(bucketPrefix))
              .uploads()) {
        try {
          s3.abortMultipartUpload(
              b -> b.bucket(config.bucket()).key(upload.key()).uploadId(upload.uploadId()));
        } catch (SdkException e) {
          if (!S3Errors.isStatus(e, 404)) {
            throw errors.failed("aborting the incomplete upload of", upload.key(), e);
          }
        }
      }
    } catch (SdkException e) {
      throw errors.failed("listing the incomplete uploads under", bucketPrefix, e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }

  private <T> Iterator<T> listing(String prefix, Function<S3Object, T> mapping) throws IOException {
    String bucketPrefix = keys.toBucketPrefix(prefix);
    Iterator<S3Object> pages =
        s3.listObjectsV2Paginator(
                b -> b.bucket(config.bucket()).prefix(bucketPrefix).maxKeys(MAX_PAGE))
            .contents()
            .iterator();
    try {
      pages.hasNext(); // fetches the first page now, so that its failure is an IOException here
    } catch (SdkException e) {
      throw errors.failed("list", bucketPrefix, e);
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        try {
          return pages.hasNext();
        } catch (SdkException e) {
          throw new UncheckedIOException(errors.failed("list", bucketPrefix, e));
        }
      }

      @Override
      public T next() {
        try {
          return mapping.apply(pages.next());
        } catch (SdkException e) {
          throw new UncheckedIOException(errors.failed("list", bucketPrefix, e));
        }
      }
    };
  }

  private ObjectInfo info(S3Object object) {
    return new ObjectInfo(keys.toTargetKey(object.key()), object.size(), object.lastModified());
  }

  private IOException notFoundOr(SdkException e, String action, String key) {
    if (S3Errors.isCode(e, "NoSuchKey")
        || (S3Errors.isStatus(e, 404) && !S3Errors.isCode(e, "NoSuchBucket"))) {
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

  private static Optional<Tagging> tagging(Map<String, String> tags) {
    if (tags.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Tagging.builder()
            .tagSet(
                new TreeMap<>(tags)
                    .entrySet().stream()
                        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                        .toList())
            .build());
  }
}
