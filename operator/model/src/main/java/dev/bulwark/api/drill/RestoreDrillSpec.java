package dev.bulwark.api.drill;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A scheduled proof that backups of a policy restore. */
public class RestoreDrillSpec {
  @JsonPropertyDescription("Name of the BackupPolicy whose snapshots are restored.")
  private String policyRef;

  @JsonPropertyDescription("L1 objects, L2 time window, L3 whole system.")
  private DrillLevel level;

  @JsonPropertyDescription("Cron; default weekly for L1 and L2, monthly for L3.")
  private String schedule;

  private String timeZone = "UTC";

  @JsonPropertyDescription("Target to restore from; default the policy target.")
  private String target;

  private ObjectSample objects;

  private TimeWindow window;

  private Validators validators;

  private Objectives objectives;

  @JsonPropertyDescription("Directory the drill restores into; default <state>/sandbox.")
  private String sandbox;

  private Boolean suspend;

  public String getPolicyRef() {
    return policyRef;
  }

  public void setPolicyRef(String policyRef) {
    this.policyRef = policyRef;
  }

  public DrillLevel getLevel() {
    return level;
  }

  public void setLevel(DrillLevel level) {
    this.level = level;
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public ObjectSample getObjects() {
    return objects;
  }

  public void setObjects(ObjectSample objects) {
    this.objects = objects;
  }

  public TimeWindow getWindow() {
    return window;
  }

  public void setWindow(TimeWindow window) {
    this.window = window;
  }

  public Validators getValidators() {
    return validators;
  }

  public void setValidators(Validators validators) {
    this.validators = validators;
  }

  public Objectives getObjectives() {
    return objectives;
  }

  public void setObjectives(Objectives objectives) {
    this.objectives = objectives;
  }

  public String getSandbox() {
    return sandbox;
  }

  public void setSandbox(String sandbox) {
    this.sandbox = sandbox;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }
}
