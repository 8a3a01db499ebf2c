package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The periodic verify of a policy's repository (R16): a sample of snapshots, checked on a schedule.
 */
public class PeriodicVerify {
  @JsonPropertyDescription(
      "Cron (or preset) of the verify, in spec.schedule.timeZone; default weekly, Sundays at 05:00.")
  private String schedule;

  @JsonPropertyDescription(
      "How many snapshots to check: a count (3) or a percentage (10%); the newest is always one of them. Default 3.")
  private String sample;

  @JsonPropertyDescription(
      "Also read, decrypt, decompress and hash the sampled snapshots' data (default true).")
  private Boolean readData;

  @JsonPropertyDescription("Stop the periodic verify; `bulwark verify` still works.")
  private Boolean suspend;

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getSample() {
    return sample;
  }

  public void setSample(String sample) {
    this.sample = sample;
  }

  public Boolean getReadData() {
    return readData;
  }

  public void setReadData(Boolean readData) {
    this.readData = readData;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }
}
