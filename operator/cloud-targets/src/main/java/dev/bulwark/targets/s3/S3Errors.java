package dev.bulwark.targets.s3;

import java.io.IOException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Turns SDK exceptions into IOExceptions that name the bucket, the key and the store's reason. The
 * SDK's messages carry status, error code and request id but no credentials; only those parts are
 * used, so a misbehaving store cannot smuggle a header into our messages either.
 */
final class S3Errors {
  private final String where;

  S3Errors(String where) {
    this.where = where;
  }

  IOException failed(String action, String key, SdkException e) {
    return new IOException(
        where + ": " + action + (key == null ? "" : " " + key) + " failed: " + reason(e), e);
  }

  static boolean isStatus(SdkException e, int status) {
    return e instanceof SdkServiceException service && service.statusCode() == status;
  }

  static boolean isCode(SdkException e, String code) {
    return e instanceof AwsServiceException aws
        && aws.awsErrorDetails() != null
        && code.equals(aws.awsErrorDetails().errorCode());
  }

  static String reason(SdkException e) {
    StringBuilder reason = new StringBuilder();
    if (e instanceof SdkServiceException service) {
      reason.append("HTTP ").append(service.statusCode());
      AwsErrorDetails details = e instanceof AwsServiceException aws ? aws.awsErrorDetails() : null;
      if (details != null && details.errorCode() != null) {
        reason.append(' ').append(details.errorCode());
      }
      if (details != null && details.errorMessage() != null) {
        reason.append(": ").append(details.errorMessage());
      }
      if (isCode(e, "NoSuchBucket")) {
        reason.append(" (the bucket does not exist)");
      }
      if (service.requestId() != null) {
        reason.append(" (request id ").append(service.requestId()).append(')');
      }
    } else {
      // Client-side failures (connection refused, timeouts): the SDK's own message says which.
      reason.append(e.rawMessage() != null ? e.rawMessage() : e.getClass().getSimpleName());
      Throwable cause = e.getCause();
      if (cause != null
          && cause.getMessage() != null
          && !reason.toString().contains(cause.getMessage())) {
        reason.append(": ").append(cause.getMessage());
      }
    }
    int attempts = attempts(e);
    if (attempts > 1) {
      reason.append(" after ").append(attempts).append(" attempts");
    }
    return reason.toString();
  }

  /**
   * How many attempts the SDK made. It records the count on the exception, but some S3 operations
   * (HEAD among them) rebuild the exception without it; the earlier attempts' failures stay
   * attached as suppressed exceptions, so they are counted instead.
   */
  static int attempts(SdkException e) {
    if (e.numAttempts() != null) {
      return e.numAttempts();
    }
    int earlier = 0;
    for (Throwable suppressed : e.getSuppressed()) {
      if (suppressed.getMessage() != null
          && suppressed.getMessage().startsWith("Request attempt")) {
        earlier++;
      }
    }
    return earlier + 1;
  }
}
