package dev.bulwark.targets.oss;

import com.aliyun.oss.ClientErrorCode;
import com.aliyun.oss.ClientException;
import com.aliyun.oss.common.comm.RequestMessage;
import com.aliyun.oss.common.comm.ResponseMessage;
import com.aliyun.oss.common.comm.RetryStrategy;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries what a later attempt can fix: connection failures and timeouts, throttling (429, 503) and
 * server errors (5xx but 501), with exponential backoff and jitter. The SDK's own strategy does not
 * retry 429 and waits without jitter.
 */
final class OssRetryStrategy extends RetryStrategy {
  private static final long BASE_DELAY_MILLIS = 200;
  private static final long MAX_DELAY_MILLIS = 10_000;
  private static final Set<String> TRANSIENT_CLIENT_ERRORS =
      Set.of(
          ClientErrorCode.CONNECTION_TIMEOUT,
          ClientErrorCode.SOCKET_TIMEOUT,
          ClientErrorCode.CONNECTION_REFUSED,
          ClientErrorCode.UNKNOWN_HOST,
          ClientErrorCode.SOCKET_EXCEPTION,
          ClientErrorCode.SSL_EXCEPTION);

  @Override
  public boolean shouldRetry(
      Exception ex, RequestMessage request, ResponseMessage response, int retries) {
    if (ex instanceof ClientException client
        && ClientErrorCode.NONREPEATABLE_REQUEST.equals(client.getErrorCode())) {
      return false;
    }
    if (response != null) {
      int status = response.getStatusCode();
      return status == 429 || (status >= 500 && status != 501);
    }
    return ex instanceof ClientException client
        && TRANSIENT_CLIENT_ERRORS.contains(client.getErrorCode());
  }

  @Override
  public long getPauseDelay(int retries) {
    long ceiling = Math.min(MAX_DELAY_MILLIS, BASE_DELAY_MILLIS << Math.min(retries, 16));
    // Equal jitter: at least half the exponential delay, so retries still spread out.
    return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
  }
}
