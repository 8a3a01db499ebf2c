package dev.bulwark.api.drill;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Restores a database dump into a scratch database and runs an optional SQL check. */
public class PostgresValidator {
  @JsonPropertyDescription("A query that must return at least one row, or true.")
  private String sqlCheck;

  public String getSqlCheck() {
    return sqlCheck;
  }

  public void setSqlCheck(String sqlCheck) {
    this.sqlCheck = sqlCheck;
  }
}
