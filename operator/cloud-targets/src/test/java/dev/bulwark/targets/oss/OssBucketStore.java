package dev.bulwark.targets.oss;

import com.aliyun.oss.common.utils.CRC64;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of one bucket of the test OSS endpoint: objects in UTF-8 byte order of their keys,
 * multipart uploads with their parts, and the lifecycle document. Every method is atomic, so a
 * forbid-overwrite put or complete cannot race another writer. Checksums are computed as OSS does
 * (MD5 ETags, CRC-64/ECMA through the SDK's own implementation) so the client's checks run.
 */
final class OssBucketStore {
  /** The storage classes OSS knows. */
  static final java.util.Set<String> STORAGE_CLASSES =
      java.util.Set.of("Standard", "IA", "Archive", "ColdArchive", "DeepColdArchive");

  /** OSS refuses parts smaller than this, except the last. */
  static final int MIN_PART_SIZE = 100 * 1024;

  private static final Comparator<String> UTF8_ORDER =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  /** One stored object. */
  record StoredObject(
      byte[] data,
      Map<String, String> tags,
      Instant lastModified,
      String etag,
      long crc64,
      String storageClass,
      boolean multipart) {}

  /** One uploaded part. */
  record Part(byte[] data, String etag, long crc64) {}

  /** One multipart upload in progress. */
  record Upload(
      String uploadId,
      long sequence,
      String key,
      Instant initiated,
      Map<String, String> tags,
      String storageClass,
      TreeMap<Integer, Part> parts) {}

  private final String name;
  private final Clock clock;
  private final TreeMap<String, StoredObject> objects = new TreeMap<>(UTF8_ORDER);
  private final TreeMap<String, Upload> uploads = new TreeMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private byte[] lifecycle;

  OssBucketStore(String name, Clock clock) {
    this.name = name;
    this.clock = clock;
  }

  String name() {
    return name;
  }

  synchronized StoredObject put(
      String key,
      byte[] data,
      Map<String, String> tags,
      String storageClass,
      boolean forbidOverwrite) {
    refuseOverwrite(key, forbidOverwrite);
    StoredObject object =
        new StoredObject(
            data,
            Map.copyOf(tags),
            clock.instant(),
            quote(md5Hex(data)),
            crc64(data),
            storageClass,
            false);
    objects.put(key, object);
    return object;
  }

  synchronized StoredObject get(String key) {
    StoredObject object = objects.get(key);
    if (object == null) {
      throw new OssError(404, "NoSuchKey", "The specified key does not exist.");
    }
    return object;
  }

  synchronized void delete(String key) {
    objects.remove(key);
  }

  synchronized void setTags(String key, Map<String, String> tags) {
    StoredObject old = get(key);
    objects.put(
        key,
        new StoredObject(
            old.data(),
            Map.copyOf(tags),
            old.lastModified(),
            old.etag(),
            old.crc64(),
            old.storageClass(),
            old.multipart()));
  }

  /** Objects after {@code after} (exclusive, null for the start) whose keys start with prefix. */
  synchronized List<Map.Entry<String, StoredObject>> list(String prefix, String after, int max) {
    List<Map.Entry<String, StoredObject>> page = new ArrayList<>();
    var tail = after == null ? objects : objects.tailMap(after, false);
    for (Map.Entry<String, StoredObject> entry : tail.entrySet()) {
      if (page.size() > max) {
        break;
      }
      if (entry.getKey().startsWith(prefix)) {
        page.add(Map.entry(entry.getKey(), entry.getValue()));
      }
    }
    return page; // one more than max when the listing is truncated
  }

  synchronized Upload initiate(
      String key, Map<String, String> tags, String storageClass, boolean forbidOverwrite) {
    refuseOverwrite(key, forbidOverwrite);
    String uploadId = UUID.randomUUID().toString().replace("-", "").toUpperCase();
    Upload upload =
        new Upload(
            uploadId,
            sequence.incrementAndGet(),
            key,
            clock.instant(),
            Map.copyOf(tags),
            storageClass,
            new TreeMap<>());
    uploads.put(uploadId, upload);
    return upload;
  }

  synchronized Part uploadPart(String key, String uploadId, int partNumber, byte[] data) {
    if (partNumber < 1 || partNumber > 10_000) {
      throw new OssError(
          400, "InvalidArgument", "Part number must be an integer between 1 and 10000.");
    }
    Part part = new Part(data, quote(md5Hex(data)), crc64(data));
    upload(key, uploadId).parts().put(partNumber, part);
    return part;
  }

  /** Assembles the listed parts into the object, write-once when asked, and ends the upload. */
  synchronized StoredObject complete(
      String key,
      String uploadId,
      List<Map.Entry<Integer, String>> listed,
      boolean forbidOverwrite) {
    Upload upload = upload(key, uploadId);
    if (listed.isEmpty()) {
      throw OssXml.malformed();
    }
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    ByteArrayOutputStream digests = new ByteArrayOutputStream();
    int previous = 0;
    for (int i = 0; i < listed.size(); i++) {
      int number = listed.get(i).getKey();
      if (number <= previous) {
        throw new OssError(
            400, "InvalidPartOrder", "The list of parts was not in ascending order.");
      }
      previous = number;
      Part part = upload.parts().get(number);
      if (part == null
          || !unquote(part.etag()).equalsIgnoreCase(unquote(listed.get(i).getValue()))) {
        throw new OssError(
            400, "InvalidPart", "One or more of the specified parts could not be found.");
      }
      if (i < listed.size() - 1 && part.data().length < MIN_PART_SIZE) {
        throw new OssError(
            400,
            "EntityTooSmall",
            "Your proposed upload is smaller than the minimum allowed size.");
      }
      content.writeBytes(part.data());
      digests.writeBytes(HexFormat.of().parseHex(unquote(part.etag())));
    }
    refuseOverwrite(key, forbidOverwrite);
    byte[] data = content.toByteArray();
    String etag = quote(md5Hex(digests.toByteArray()) + "-" + listed.size());
    StoredObject object =
        new StoredObject(
            data, upload.tags(), clock.instant(), etag, crc64(data), upload.storageClass(), true);
    objects.put(key, object);
    uploads.remove(uploadId);
    return object;
  }

  synchronized void abort(String key, String uploadId) {
    upload(key, uploadId);
    uploads.remove(uploadId);
  }

  /** Uploads under prefix after the markers, ordered by key then initiation, up to max + 1. */
  synchronized List<Upload> uploads(
      String prefix, String keyMarker, String uploadIdMarker, int max) {
    long markerSequence =
        uploadIdMarker == null || !uploads.containsKey(uploadIdMarker)
            ? Long.MAX_VALUE
            : uploads.get(uploadIdMarker).sequence();
    return uploads.values().stream()
        .filter(u -> u.key().startsWith(prefix))
        .filter(
            u ->
                keyMarker == null
                    || UTF8_ORDER.compare(u.key(), keyMarker) > 0
                    || (u.key().equals(keyMarker) && u.sequence() > markerSequence))
        .sorted(Comparator.comparing(Upload::key, UTF8_ORDER).thenComparingLong(Upload::sequence))
        .limit(max + 1L)
        .toList();
  }

  synchronized int uploadCount() {
    return uploads.size();
  }

  synchronized Optional<byte[]> lifecycle() {
    return Optional.ofNullable(lifecycle);
  }

  synchronized void setLifecycle(byte[] document) {
    lifecycle = document;
  }

  private Upload upload(String key, String uploadId) {
    Upload upload = uploads.get(uploadId);
    if (upload == null || !upload.key().equals(key)) {
      throw new OssError(
          404,
          "NoSuchUpload",
          "The specified upload does not exist. The upload ID may be invalid, or the upload may"
              + " have "
              + "been aborted or completed.");
    }
    return upload;
  }

  private void refuseOverwrite(String key, boolean forbidOverwrite) {
    if (forbidOverwrite && objects.containsKey(key)) {
      throw new OssError(
          409,
          "FileAlreadyExists",
          "The object you specified already exists and can not be overwritten.");
    }
  }

  private static long crc64(byte[] data) {
    CRC64 crc = new CRC64();
    crc.update(data, 0, data.length);
    return crc.getValue();
  }

  private static String md5Hex(byte[] data) {
    try {
      return HexFormat.of()
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }

  private static String quote(String etag) {
    return "\"" + etag + "\"";
  }

  private static String unquote(String etag) {
    return etag == null ? "" : etag.replace("\"", "").trim();
  }
}
