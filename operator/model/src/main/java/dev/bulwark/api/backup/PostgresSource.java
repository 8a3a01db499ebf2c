package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.bulwark.api.common.SecretRef;

/** A PostgreSQL database dumped with pg_dump in custom format. */
public class PostgresSource {
  @JsonPropertyDescription("Host name or socket directory; default localhost.")
  private String host;

  @JsonPropertyDescription("Port; default 5432.")
  private Integer port;

  @JsonPropertyDescription("Database to dump.")
  private String database;

  @JsonPropertyDescription("Role to connect as.")
  private String user;

  @JsonPropertyDescription("Where the password comes from.")
  private SecretRef passwordFrom;

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public String getUser() {
    return user;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public SecretRef getPasswordFrom() {
    return passwordFrom;
  }

  public void setPasswordFrom(SecretRef passwordFrom) {
    this.passwordFrom = passwordFrom;
  }
}
