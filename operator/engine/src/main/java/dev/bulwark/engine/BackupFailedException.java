package dev.bulwark.engine;

/** A backup job failed; nothing of it is visible as a snapshot. */
public class BackupFailedException extends EngineException {
  private static final long serialVersionUID = 1L;

  private final String jobId;

  public BackupFailedException(String jobId, String reason, Throwable cause) {
    super("job " + jobId, reason, cause);
    this.jobId = jobId;
  }

  /** The id of the job that failed. */
  public String jobId() {
    return jobId;
  }
}
