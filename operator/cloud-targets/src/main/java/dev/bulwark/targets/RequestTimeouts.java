package dev.bulwark.targets;

import java.time.Duration;
import java.util.Map;

/**
 * How long one request to an object store may take, so that a store that stops answering (a stopped
 * server, a dead link that keeps the TCP connection open) fails the request instead of holding the
 * job: the TCP connect, each socket read, one attempt of a request end to end (the upload of a part
 * included), and the request with all its retries. Values given to a builder win; else {@code
 * <PREFIX>_CONNECT_TIMEOUT_SECONDS}, {@code _READ_TIMEOUT_SECONDS}, {@code
 * _REQUEST_TIMEOUT_SECONDS} and {@code _CALL_TIMEOUT_SECONDS} from the environment (prefix {@code
 * S3} or {@code OSS}); else the defaults.
 *
 * @param connect the TCP connect timeout
 * @param read how long one socket read may block
 * @param attempt one attempt of one request, sending and receiving included
 * @param call one request with all its attempts and the backoff between them
 */
public record RequestTimeouts(Duration connect, Duration read, Duration attempt, Duration call) {
  /**
   * 10 s to connect, 30 s per read, 2 min per attempt (a 16 MiB part at 140 KB/s), 5 min per call.
   */
  public static final RequestTimeouts DEFAULTS =
      new RequestTimeouts(
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofMinutes(2),
          Duration.ofMinutes(5));

  /** Checks that every bound is positive and that one attempt fits in the call. */
  public RequestTimeouts {
    for (Duration d : new Duration[] {connect, read, attempt, call}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("request timeouts must be positive, was " + d);
      }
    }
    if (attempt.compareTo(call) > 0) {
      throw new IllegalArgumentException(
          "the request timeout ("
              + attempt.toSeconds()
              + " s) is longer than the call timeout ("
              + call.toSeconds()
              + " s) that bounds all attempts together");
    }
  }

  /**
   * The timeouts of a store whose variables start with {@code prefix}: each one {@code given} (null
   * where not given), else from {@code env}, else the default.
   *
   * @throws IllegalArgumentException naming the variable when one is not a whole number of seconds
   *     above zero, or when the request timeout exceeds the call timeout
   */
  public static RequestTimeouts resolve(
      String prefix,
      Duration connect,
      Duration read,
      Duration attempt,
      Duration call,
      Map<String, String> env) {
    Duration callTimeout = pick(call, prefix + "_CALL_TIMEOUT_SECONDS", DEFAULTS.call, env);
    Duration attemptTimeout = pick(attempt, prefix + "_REQUEST_TIMEOUT_SECONDS", null, env);
    if (attemptTimeout == null) {
      // Only a shortened call timeout is set: one attempt may take all of it, not more.
      attemptTimeout = DEFAULTS.attempt.compareTo(callTimeout) > 0 ? callTimeout : DEFAULTS.attempt;
    }
    return new RequestTimeouts(
        pick(connect, prefix + "_CONNECT_TIMEOUT_SECONDS", DEFAULTS.connect, env),
        pick(read, prefix + "_READ_TIMEOUT_SECONDS", DEFAULTS.read, env),
        attemptTimeout,
        callTimeout);
  }

  private static Duration pick(
      Duration given, String variable, Duration fallback, Map<String, String> env) {
    if (given != null) {
      return given;
    }
    String text = env.get(variable);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      long seconds = Long.parseLong(text.strip());
      if (seconds > 0) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below with the variable's name
    }
    throw new IllegalArgumentException(
        variable + "='" + text + "' is not a timeout; expected a whole number of seconds > 0");
  }
}
