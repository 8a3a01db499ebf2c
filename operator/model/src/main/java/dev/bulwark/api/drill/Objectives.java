package dev.bulwark.api.drill;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Recovery objectives a drill is measured against. */
public class Objectives {
  @JsonPropertyDescription("Maximum acceptable data age; default 5m.")
  private String rpo = "5m";

  @JsonPropertyDescription("Maximum acceptable restore time; default 30m.")
  private String rto = "30m";

  public String getRpo() {
    return rpo;
  }

  public void setRpo(String rpo) {
    this.rpo = rpo;
  }

  public String getRto() {
    return rto;
  }

  public void setRto(String rto) {
    this.rto = rto;
  }
}
