package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How long snapshots are kept: hot, then cold, then gone. */
public class Retention {
  @JsonPropertyDescription("Days objects stay in the hot tier; default 30 (BACKUP_HOT_DAYS).")
  private Integer hotDays = 30;

  @JsonPropertyDescription("Days after which objects expire; default 180 (BACKUP_COLD_DAYS).")
  private Integer coldDays = 180;

  @JsonPropertyDescription("Always keep the newest N snapshots; 0 disables.")
  private Integer keepLast = 0;

  public Integer getHotDays() {
    return hotDays;
  }

  public void setHotDays(Integer hotDays) {
    this.hotDays = hotDays;
  }

  public Integer getColdDays() {
    return coldDays;
  }

  public void setColdDays(Integer coldDays) {
    this.coldDays = coldDays;
  }

  public Integer getKeepLast() {
    return keepLast;
  }

  public void setKeepLast(Integer keepLast) {
    this.keepLast = keepLast;
  }
}
