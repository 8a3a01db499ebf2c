package dev.bulwark.targets.oss;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the test OSS endpoint answers: status, headers, body; and the errors it shares. */
final class OssResponse {
  final int status;
  final byte[] body;
  final Map<String, String> headers = new LinkedHashMap<>();

  OssResponse(int status, byte[] body) {
    this.status = status;
    this.body = body;
  }

  static OssResponse xml(byte[] body) {
    OssResponse response = new OssResponse(200, body);
    response.headers.put("Content-Type", "application/xml");
    return response;
  }

  /** Refuses a request that uses a parameter or header this endpoint does not implement. */
  static void refuseUnsupported(OssRequest request, String parameterOrHeader) {
    if (request.has(parameterOrHeader) || request.header(parameterOrHeader) != null) {
      throw new OssError(
          501, "NotImplemented", "The test endpoint does not implement " + parameterOrHeader);
    }
  }

  static OssError notImplemented() {
    return new OssError(
        501, "NotImplemented", "The test endpoint does not implement this operation.");
  }
}
