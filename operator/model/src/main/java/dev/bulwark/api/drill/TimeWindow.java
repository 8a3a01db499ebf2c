package dev.bulwark.api.drill;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What an L2 drill restores: the state as of a time, or as of now minus a duration. */
public class TimeWindow {
  @JsonPropertyDescription("RFC 3339 time.")
  private String at;

  @JsonPropertyDescription(
      "Duration such as 1h or 30m; the drill restores the state as of now minus this.")
  private String ago;

  public String getAt() {
    return at;
  }

  public void setAt(String at) {
    this.at = at;
  }

  public String getAgo() {
    return ago;
  }

  public void setAgo(String ago) {
    this.ago = ago;
  }
}
