package dev.bulwark.engine;

/** Another live job holds the policy's lock on this target. */
public class RepositoryLockedException extends EngineException {
  private static final long serialVersionUID = 1L;

  public RepositoryLockedException(String lockKey, String reason) {
    super(lockKey, reason);
  }
}
