package dev.bulwark.targets.oss;

import java.util.Map;

/** An error the test OSS endpoint answers with: HTTP status, OSS error code and message. */
final class OssError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String code;
  final Map<String, String> details;

  OssError(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  OssError(int status, String code, String message, Map<String, String> details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}
