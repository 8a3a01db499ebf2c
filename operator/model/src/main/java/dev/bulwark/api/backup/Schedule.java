package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * When snapshots are taken: cron expressions (5 fields or @hourly/@daily/@weekly) in a time zone.
 */
public class Schedule {
  @JsonPropertyDescription("Cron of incremental snapshots; default every 5 minutes.")
  private String incremental = "*/5 * * * *";

  @JsonPropertyDescription("Cron of full snapshots; default 02:00 daily.")
  private String full = "0 2 * * *";

  @JsonPropertyDescription("IANA time zone the expressions are read in; default UTC.")
  private String timeZone = "UTC";

  public String getIncremental() {
    return incremental;
  }

  public void setIncremental(String incremental) {
    this.incremental = incremental;
  }

  public String getFull() {
    return full;
  }

  public void setFull(String full) {
    this.full = full;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }
}
