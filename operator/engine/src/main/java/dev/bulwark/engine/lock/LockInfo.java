package dev.bulwark.engine.lock;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;

/**
 * The body of a lock object: who holds it (host, pid and the process's start time, which tells a
 * recycled pid apart), for which job, since when, and when it was last refreshed.
 */
public record LockInfo(
    @JsonProperty("format_version") int formatVersion,
    @JsonProperty("policy") String policy,
    @JsonProperty("job_id") String jobId,
    @JsonProperty("host") String host,
    @JsonProperty("pid") long pid,
    @JsonProperty("process_started_at") String processStartedAt,
    @JsonProperty("acquired_at") String acquiredAt,
    @JsonProperty("refreshed_at") String refreshedAt,
    @JsonProperty("stale_after_seconds") long staleAfterSeconds) {

  /** This lock with a new refresh time. */
  public LockInfo refreshed(Instant now) {
    return new LockInfo(
        formatVersion,
        policy,
        jobId,
        host,
        pid,
        processStartedAt,
        acquiredAt,
        now.toString(),
        staleAfterSeconds);
  }

  /** How long the lock stays valid without a refresh. */
  public Duration staleAfter() {
    return Duration.ofSeconds(staleAfterSeconds);
  }

  /** A one-line description for messages. */
  public String describe() {
    return "job "
        + jobId
        + " on host "
        + host
        + " (pid "
        + pid
        + "), acquired "
        + acquiredAt
        + ", refreshed "
        + refreshedAt;
  }
}
