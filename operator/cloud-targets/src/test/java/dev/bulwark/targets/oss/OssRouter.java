package dev.bulwark.targets.oss;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.bulwark.targets.oss.OssBucketStore.StoredObject;
import dev.bulwark.targets.oss.OssBucketStore.Upload;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.w3c.dom.Element;

/**
 * Serves the part of the OSS REST API that Bulwark uses, on path-style URLs. Every request must
 * carry a valid V1 signature. Object requests are answered here: PutObject (x-oss-forbid-overwrite,
 * x-oss-tagging, x-oss-storage-class), GetObject with Range and x-oss-range-behavior, HeadObject,
 * DeleteObject, multipart uploads (initiate, upload part, complete, abort) and object tagging;
 * bucket requests go to {@link OssBucketRoutes}. Anything else gets the error OSS would answer
 * with.
 */
final class OssRouter implements HttpHandler {
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final OssBucketStore store;
  private final OssSignatureV1 signature;
  private final Function<OssRequest, OssError> injectedFailure;
  private final Consumer<OssRequest> log;
  private final OssBucketRoutes bucketRoutes;

  OssRouter(
      OssBucketStore store,
      OssSignatureV1 signature,
      Function<OssRequest, OssError> injectedFailure,
      Consumer<OssRequest> log) {
    this.store = store;
    this.signature = signature;
    this.injectedFailure = injectedFailure;
    this.bucketRoutes = new OssBucketRoutes(store);
    this.log = log;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 24).toUpperCase();
    OssResponse response;
    try {
      OssRequest request = OssRequest.parse(exchange);
      log.accept(request.withoutBody());
      signature.verify(request);
      OssError injected = injectedFailure.apply(request);
      if (injected != null) {
        throw injected;
      }
      if (!request.bucket().equals(store.name())) {
        throw new OssError(404, "NoSuchBucket", "The specified bucket does not exist.");
      }
      response = request.isObject() ? object(request) : bucketRoutes.handle(request);
    } catch (OssError error) {
      response = errorResponse(exchange, error, requestId);
    } catch (RuntimeException bug) {
      bug.printStackTrace(); // a defect of this endpoint, not of the client: make it visible
      response =
          errorResponse(exchange, new OssError(500, "InternalError", bug.toString()), requestId);
    }
    send(exchange, requestId, response);
  }

  private static OssResponse errorResponse(
      HttpExchange exchange, OssError error, String requestId) {
    OssResponse response = new OssResponse(error.status, OssXml.error(error, requestId));
    response.headers.put("Content-Type", "application/xml");
    if (exchange.getRequestMethod().equals("HEAD")) {
      // A HEAD answer carries no body: OSS puts the error document in a header instead.
      response.headers.put("x-oss-err", Base64.getEncoder().encodeToString(response.body));
    }
    return response;
  }

  // ---- objects ----

  private OssResponse object(OssRequest request) {
    return switch (request.method()) {
      case "PUT" -> {
        if (request.has("tagging")) {
          store.setTags(request.key(), OssXml.parseTagging(request.body()));
          yield new OssResponse(200, new byte[0]);
        }
        if (request.has("uploadId")) {
          yield uploadPart(request);
        }
        OssResponse.refuseUnsupported(request, "x-oss-copy-source");
        yield putObject(request);
      }
      case "GET" -> request.has("tagging") ? getTagging(request) : getObject(request, false);
      case "HEAD" -> getObject(request, true);
      case "POST" -> {
        if (request.has("uploads")) {
          yield initiate(request);
        }
        if (request.has("uploadId")) {
          yield complete(request);
        }
        throw OssResponse.notImplemented();
      }
      case "DELETE" -> {
        if (request.has("tagging")) {
          store.setTags(request.key(), Map.of());
        } else if (request.has("uploadId")) {
          store.abort(request.key(), request.param("uploadId"));
        } else {
          store.delete(request.key());
        }
        yield new OssResponse(204, new byte[0]);
      }
      default -> throw OssResponse.notImplemented();
    };
  }

  private OssResponse putObject(OssRequest request) {
    StoredObject stored =
        store.put(
            request.key(),
            request.body(),
            tagging(request),
            storageClass(request),
            forbidsOverwrite(request));
    OssResponse response = new OssResponse(200, new byte[0]);
    response.headers.put("ETag", stored.etag());
    response.headers.put("x-oss-hash-crc64ecma", Long.toUnsignedString(stored.crc64()));
    return response;
  }

  private OssResponse getObject(OssRequest request, boolean headOnly) {
    StoredObject stored = store.get(request.key());
    byte[] data = stored.data();
    int status = 200;
    int from = 0;
    int to = data.length - 1;
    String range = request.header("range");
    if (range != null) {
      long[] bounds = parseRange(range, data.length);
      boolean standard = "standard".equalsIgnoreCase(request.header("x-oss-range-behavior"));
      if (bounds[0] >= 0 && bounds[0] < data.length && bounds[0] <= bounds[1]) {
        status = 206;
        from = (int) bounds[0];
        to = (int) Math.min(bounds[1], data.length - 1L);
      } else if (standard) {
        throw new OssError(416, "InvalidRange", "The requested range cannot be satisfied");
      }
      // Without the standard behaviour OSS ignores an unsatisfiable range and sends it all.
    }
    byte[] body = headOnly ? new byte[0] : java.util.Arrays.copyOfRange(data, from, to + 1);
    OssResponse response = new OssResponse(status, body);
    if (headOnly) {
      response.headers.put("Content-Length", Integer.toString(data.length));
    }
    if (status == 206) {
      response.headers.put("Content-Range", "bytes " + from + "-" + to + "/" + data.length);
    }
    response.headers.put("Content-Type", "application/octet-stream");
    response.headers.put("Accept-Ranges", "bytes");
    response.headers.put("ETag", stored.etag());
    response.headers.put("Last-Modified", HTTP_DATE.format(stored.lastModified()));
    response.headers.put("x-oss-object-type", stored.multipart() ? "Multipart" : "Normal");
    response.headers.put("x-oss-storage-class", stored.storageClass());
    response.headers.put("x-oss-hash-crc64ecma", Long.toUnsignedString(stored.crc64()));
    if (!stored.tags().isEmpty()) {
      response.headers.put("x-oss-tagging-count", Integer.toString(stored.tags().size()));
    }
    return response;
  }

  private OssResponse getTagging(OssRequest request) {
    return OssResponse.xml(OssXml.tagging(store.get(request.key()).tags()));
  }

  private OssResponse initiate(OssRequest request) {
    Upload upload =
        store.initiate(
            request.key(), tagging(request), storageClass(request), forbidsOverwrite(request));
    return OssResponse.xml(
        OssXml.document()
            .open("InitiateMultipartUploadResult")
            .element("Bucket", store.name())
            .element("Key", request.key())
            .element("UploadId", upload.uploadId())
            .close("InitiateMultipartUploadResult")
            .bytes());
  }

  private OssResponse uploadPart(OssRequest request) {
    int partNumber;
    try {
      partNumber = Integer.parseInt(request.param("partNumber"));
    } catch (NumberFormatException e) {
      throw new OssError(
          400, "InvalidArgument", "Part number must be an integer between 1 and 10000.");
    }
    OssBucketStore.Part part =
        store.uploadPart(request.key(), request.param("uploadId"), partNumber, request.body());
    OssResponse response = new OssResponse(200, new byte[0]);
    response.headers.put("ETag", part.etag());
    response.headers.put("x-oss-hash-crc64ecma", Long.toUnsignedString(part.crc64()));
    return response;
  }

  private OssResponse complete(OssRequest request) {
    Element root = OssXml.parse(request.body(), "CompleteMultipartUpload");
    List<Map.Entry<Integer, String>> parts = new ArrayList<>();
    for (Element part : OssXml.children(root, "Part")) {
      try {
        parts.add(
            Map.entry(
                Integer.parseInt(OssXml.text(part, "PartNumber")), OssXml.text(part, "ETag")));
      } catch (NumberFormatException e) {
        throw OssXml.malformed();
      }
    }
    StoredObject stored =
        store.complete(request.key(), request.param("uploadId"), parts, forbidsOverwrite(request));
    OssResponse response =
        OssResponse.xml(
            OssXml.document()
                .open("CompleteMultipartUploadResult")
                .element("Location", "http://127.0.0.1/" + store.name() + "/" + request.key())
                .element("Bucket", store.name())
                .element("Key", request.key())
                .element("ETag", stored.etag())
                .close("CompleteMultipartUploadResult")
                .bytes());
    response.headers.put("x-oss-hash-crc64ecma", Long.toUnsignedString(stored.crc64()));
    return response;
  }

  // ---- helpers ----

  private static Map<String, String> tagging(OssRequest request) {
    String header = request.header("x-oss-tagging");
    Map<String, String> tags = new LinkedHashMap<>();
    if (header == null || header.isEmpty()) {
      return tags;
    }
    for (String pair : header.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      tags.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    if (tags.size() > 10) {
      throw new OssError(400, "BadRequest", "Object tags cannot be greater than 10.");
    }
    return tags;
  }

  private static String storageClass(OssRequest request) {
    String storageClass = request.header("x-oss-storage-class");
    if (storageClass == null) {
      return "Standard";
    }
    if (!OssBucketStore.STORAGE_CLASSES.contains(storageClass)) {
      throw new OssError(400, "InvalidArgument", "Invalid storage class " + storageClass);
    }
    return storageClass;
  }

  private static boolean forbidsOverwrite(OssRequest request) {
    return "true".equalsIgnoreCase(request.header("x-oss-forbid-overwrite"));
  }

  /** [first, last] of a {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n} range. */
  private static long[] parseRange(String range, long size) {
    try {
      String spec = range.trim().substring("bytes=".length());
      int dash = spec.indexOf('-');
      String first = spec.substring(0, dash).trim();
      String last = spec.substring(dash + 1).trim();
      if (first.isEmpty()) {
        long suffix = Long.parseLong(last);
        return new long[] {Math.max(0, size - suffix), size - 1};
      }
      return new long[] {Long.parseLong(first), last.isEmpty() ? size - 1 : Long.parseLong(last)};
    } catch (RuntimeException e) {
      return new long[] {-1, -1};
    }
  }

  private static void send(HttpExchange exchange, String requestId, OssResponse response)
      throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("x-oss-request-id", requestId);
      exchange.getResponseHeaders().set("Server", "AliyunOSS");
      response.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      boolean noBody =
          exchange.getRequestMethod().equals("HEAD")
              || response.status == 204
              || response.body.length == 0;
      exchange.sendResponseHeaders(response.status, noBody ? -1 : response.body.length);
      if (!noBody) {
        exchange.getResponseBody().write(response.body);
      }
    }
  }
}
