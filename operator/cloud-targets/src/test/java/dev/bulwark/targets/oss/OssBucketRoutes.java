package dev.bulwark.targets.oss;

import dev.bulwark.targets.oss.OssBucketStore.StoredObject;
import dev.bulwark.targets.oss.OssBucketStore.Upload;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * The bucket-level requests of the test OSS endpoint: ListObjectsV2 (prefix, start-after,
 * continuation-token, max-keys), ListMultipartUploads (prefix, key and upload-id markers,
 * max-uploads) and Get/Put/DeleteBucketLifecycle, with the checks OSS makes on a lifecycle document
 * that matter to a client writing one.
 */
final class OssBucketRoutes {

  private final OssBucketStore store;

  OssBucketRoutes(OssBucketStore store) {
    this.store = store;
  }

  OssResponse handle(OssRequest request) {
    if (request.has("lifecycle")) {
      return lifecycle(request);
    }
    if (request.method().equals("GET") && request.has("uploads")) {
      return listUploads(request);
    }
    if (request.method().equals("GET") && "2".equals(request.param("list-type"))) {
      return listObjectsV2(request);
    }
    throw OssResponse.notImplemented();
  }

  private OssResponse listObjectsV2(OssRequest request) {
    OssResponse.refuseUnsupported(request, "delimiter");
    OssResponse.refuseUnsupported(request, "encoding-type");
    String prefix = orEmpty(request.param("prefix"));
    int maxKeys = count(request.param("max-keys"), 100, 1000, "max-keys");
    String after = request.param("start-after");
    String token = request.param("continuation-token");
    if (token != null) {
      after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    }
    List<Map.Entry<String, StoredObject>> found = store.list(prefix, after, maxKeys);
    boolean truncated = found.size() > maxKeys;
    List<Map.Entry<String, StoredObject>> page = truncated ? found.subList(0, maxKeys) : found;
    OssXml doc =
        OssXml.document()
            .open("ListBucketResult")
            .element("Name", store.name())
            .element("Prefix", prefix)
            .element("MaxKeys", maxKeys)
            .element("KeyCount", page.size())
            .element("IsTruncated", truncated);
    if (request.param("start-after") != null) {
      doc.element("StartAfter", request.param("start-after"));
    }
    if (token != null) {
      doc.element("ContinuationToken", token);
    }
    if (truncated) {
      String last = page.get(page.size() - 1).getKey();
      doc.element(
          "NextContinuationToken",
          Base64.getUrlEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
    }
    for (Map.Entry<String, StoredObject> entry : page) {
      StoredObject stored = entry.getValue();
      doc.open("Contents")
          .element("Key", entry.getKey())
          .time("LastModified", stored.lastModified())
          .element("ETag", stored.etag())
          .element("Type", stored.multipart() ? "Multipart" : "Normal")
          .element("Size", stored.data().length)
          .element("StorageClass", stored.storageClass())
          .close("Contents");
    }
    return OssResponse.xml(doc.close("ListBucketResult").bytes());
  }

  private OssResponse listUploads(OssRequest request) {
    OssResponse.refuseUnsupported(request, "delimiter");
    String prefix = orEmpty(request.param("prefix"));
    int max = count(request.param("max-uploads"), 1000, 1000, "max-uploads");
    List<Upload> found =
        store.uploads(prefix, request.param("key-marker"), request.param("upload-id-marker"), max);
    boolean truncated = found.size() > max;
    List<Upload> page = truncated ? found.subList(0, max) : found;
    OssXml doc =
        OssXml.document()
            .open("ListMultipartUploadsResult")
            .element("Bucket", store.name())
            .element("KeyMarker", orEmpty(request.param("key-marker")))
            .element("UploadIdMarker", orEmpty(request.param("upload-id-marker")))
            .element("NextKeyMarker", page.isEmpty() ? "" : page.get(page.size() - 1).key())
            .element(
                "NextUploadIdMarker", page.isEmpty() ? "" : page.get(page.size() - 1).uploadId())
            .element("Delimiter", "")
            .element("Prefix", prefix)
            .element("MaxUploads", max)
            .element("IsTruncated", truncated);
    for (Upload upload : page) {
      doc.open("Upload")
          .element("Key", upload.key())
          .element("UploadId", upload.uploadId())
          .element("StorageClass", upload.storageClass())
          .time("Initiated", upload.initiated())
          .close("Upload");
    }
    return OssResponse.xml(doc.close("ListMultipartUploadsResult").bytes());
  }

  private OssResponse lifecycle(OssRequest request) {
    switch (request.method()) {
      case "GET":
        return OssResponse.xml(
            store
                .lifecycle()
                .orElseThrow(
                    () ->
                        new OssError(404, "NoSuchLifecycle", "No Row found in Lifecycle Table.")));
      case "PUT":
        validateLifecycle(request.body());
        store.setLifecycle(request.body());
        return new OssResponse(200, new byte[0]);
      case "DELETE":
        store.setLifecycle(null);
        return new OssResponse(204, new byte[0]);
      default:
        throw OssResponse.notImplemented();
    }
  }

  /** The checks OSS makes on a lifecycle document that matter to a client writing one. */
  private static void validateLifecycle(byte[] body) {
    Element root = OssXml.parse(body, "LifecycleConfiguration");
    List<Element> rules = OssXml.children(root, "Rule");
    if (rules.isEmpty()) {
      throw OssXml.malformed();
    }
    Set<String> ids = new HashSet<>();
    for (Element rule : rules) {
      String id = OssXml.text(rule, "ID");
      String status = OssXml.text(rule, "Status");
      if (id == null || id.length() > 255 || !ids.add(id)) {
        throw new OssError(
            400, "InvalidArgument", "Rule ID is missing, too long or not unique: " + id);
      }
      if (!"Enabled".equals(status) && !"Disabled".equals(status)) {
        throw OssXml.malformed();
      }
      List<Element> transitions = OssXml.children(rule, "Transition");
      List<Element> expirations = OssXml.children(rule, "Expiration");
      if (transitions.isEmpty()
          && expirations.isEmpty()
          && OssXml.children(rule, "AbortMultipartUpload").isEmpty()) {
        throw new OssError(400, "InvalidArgument", "Rule " + id + " has no action.");
      }
      String expirationDays =
          expirations.isEmpty() ? null : OssXml.text(expirations.get(0), "Days");
      for (Element transition : transitions) {
        String days = OssXml.text(transition, "Days");
        if (!OssBucketStore.STORAGE_CLASSES.contains(OssXml.text(transition, "StorageClass"))) {
          throw new OssError(
              400, "InvalidArgument", "Rule " + id + " names an unknown storage class.");
        }
        if (days != null
            && expirationDays != null
            && Integer.parseInt(days) >= Integer.parseInt(expirationDays)) {
          throw new OssError(
              400, "InvalidArgument", "Rule " + id + " expires objects before it moves them.");
        }
      }
    }
  }

  private static int count(String value, int defaultValue, int max, String name) {
    if (value == null) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the error
    }
    throw new OssError(400, "InvalidArgument", name + " must be between 1 and " + max);
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
