package dev.bulwark.targets.oss;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSSException;
import java.io.IOException;

/**
 * Turns OSS SDK exceptions into IOExceptions that name the bucket, the key and the store's reason.
 * Only the error code, the error message and the request id are used: the SDK's full message also
 * carries the raw response body, which a store may fill with anything.
 */
final class OssErrors {
  private final String where;

  OssErrors(String where) {
    this.where = where;
  }

  IOException failed(String action, String key, RuntimeException e) {
    return new IOException(
        where + ": " + action + (key == null ? "" : " " + key) + " failed: " + reason(e), e);
  }

  static boolean isCode(RuntimeException e, String code) {
    return e instanceof OSSException oss && code.equals(oss.getErrorCode());
  }

  static String reason(RuntimeException e) {
    if (e instanceof OSSException oss) {
      StringBuilder reason = new StringBuilder();
      reason.append(oss.getErrorCode());
      if (oss.getErrorMessage() != null) {
        reason.append(": ").append(oss.getErrorMessage());
      }
      if ("NoSuchBucket".equals(oss.getErrorCode())) {
        reason.append(" (the bucket does not exist)");
      }
      if (oss.getRequestId() != null) {
        reason.append(" (request id ").append(oss.getRequestId()).append(')');
      }
      return reason.toString();
    }
    if (e instanceof ClientException client) {
      String message = client.getErrorMessage();
      if (message == null && client.getCause() != null) {
        message = client.getCause().getMessage();
      }
      return client.getErrorCode() + ": " + (message == null ? "no detail" : message);
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
