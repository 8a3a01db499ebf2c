package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What to back up, how often, where and how long. */
public class BackupPolicySpec {
  @JsonPropertyDescription("The {env} of the object layout; falls back to BACKUP_NAMESPACE.")
  private String env;

  @JsonPropertyDescription(
      "Default target of this policy jobs; falls back to BACKUP_TARGET_DEFAULT.")
  private TargetProvider target;

  @JsonPropertyDescription(
      "Target a job switches to when its target fails; allowed only with BACKUP_SINGLE_TARGET_ENFORCED=0, and every switch is recorded and alerted.")
  private TargetProvider fallbackTarget;

  @JsonPropertyDescription("Connection settings per provider (no secrets).")
  private TargetSettings targets;

  @JsonPropertyDescription(
      "Kubernetes: a Secret of the policy's namespace whose keys (AWS_ACCESS_KEY_ID,"
          + " AWS_SECRET_ACCESS_KEY, OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET, or a variable that"
          + " a keyFrom.env names) become the environment of the policy's backup and drill Jobs.")
  private String credentialsSecret;

  @JsonPropertyDescription("What to back up.")
  private List<Source> sources;

  @JsonPropertyDescription("Cadence of incremental and full snapshots.")
  private Schedule schedule;

  @JsonPropertyDescription("Hot and cold retention.")
  private Retention retention;

  @JsonPropertyDescription("Optional client-side encryption.")
  private Encryption encryption;

  @JsonPropertyDescription("Commands run before and after each job.")
  private Hooks hooks;

  @JsonPropertyDescription("Upload bandwidth and concurrency limits for this policy's jobs.")
  private Throttle throttle;

  @JsonPropertyDescription("Time limits of this policy's jobs (spec.timeouts.job, default 6h).")
  private Timeouts timeouts;

  @JsonPropertyDescription("Where condition transitions are POSTed as JSON.")
  private String webhookUrl;

  @JsonPropertyDescription("Pause scheduling without deleting anything.")
  private Boolean suspend;

  @JsonPropertyDescription(
      "The periodic verify of the repository (R16): default weekly, 3 snapshots with their data.")
  private PeriodicVerify verify;

  @JsonPropertyDescription(
      "Per data domain, the schema_version its readers are at (N); they also read N-1 (R19). Restores and drills refuse snapshots holding objects of a domain outside N-1..N. Domains not listed are not checked.")
  private java.util.Map<String, Integer> readerSchemaVersions;

  public String getEnv() {
    return env;
  }

  public void setEnv(String env) {
    this.env = env;
  }

  public TargetProvider getTarget() {
    return target;
  }

  public void setTarget(TargetProvider target) {
    this.target = target;
  }

  public TargetProvider getFallbackTarget() {
    return fallbackTarget;
  }

  public void setFallbackTarget(TargetProvider fallbackTarget) {
    this.fallbackTarget = fallbackTarget;
  }

  public TargetSettings getTargets() {
    return targets;
  }

  public void setTargets(TargetSettings targets) {
    this.targets = targets;
  }

  public String getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(String credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }

  public List<Source> getSources() {
    return sources;
  }

  public void setSources(List<Source> sources) {
    this.sources = sources;
  }

  public Schedule getSchedule() {
    return schedule;
  }

  public void setSchedule(Schedule schedule) {
    this.schedule = schedule;
  }

  public Retention getRetention() {
    return retention;
  }

  public void setRetention(Retention retention) {
    this.retention = retention;
  }

  public Encryption getEncryption() {
    return encryption;
  }

  public void setEncryption(Encryption encryption) {
    this.encryption = encryption;
  }

  public Hooks getHooks() {
    return hooks;
  }

  public void setHooks(Hooks hooks) {
    this.hooks = hooks;
  }

  public String getWebhookUrl() {
    return webhookUrl;
  }

  public void setWebhookUrl(String webhookUrl) {
    this.webhookUrl = webhookUrl;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public Throttle getThrottle() {
    return throttle;
  }

  public void setThrottle(Throttle throttle) {
    this.throttle = throttle;
  }

  public Timeouts getTimeouts() {
    return timeouts;
  }

  public void setTimeouts(Timeouts timeouts) {
    this.timeouts = timeouts;
  }

  public PeriodicVerify getVerify() {
    return verify;
  }

  public void setVerify(PeriodicVerify verify) {
    this.verify = verify;
  }

  public java.util.Map<String, Integer> getReaderSchemaVersions() {
    return readerSchemaVersions;
  }

  public void setReaderSchemaVersions(java.util.Map<String, Integer> readerSchemaVersions) {
    this.readerSchemaVersions = readerSchemaVersions;
  }
}
