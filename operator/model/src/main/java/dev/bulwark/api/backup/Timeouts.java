package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Time limits of a policy's jobs, so that a hung store or source cannot hold a job forever. */
public class Timeouts {
  @JsonPropertyDescription(
      "Longest a backup job may run, from taking the policy's lock (pre hooks included) to its end,"
          + " as 30m, 6h, 1d or ISO-8601 (PT6H). Past it the job is stopped, what it wrote is removed,"
          + " its locks are released and it is recorded as failed with failure_kind deadline."
          + " Default 6h (R25: 100 GB within 90 minutes, with room for slow links).")
  private String job;

  public String getJob() {
    return job;
  }

  public void setJob(String job) {
    this.job = job;
  }
}
