package dev.bulwark.engine;

/** No snapshot matches the id or time asked for. */
public class SnapshotNotFoundException extends EngineException {
  private static final long serialVersionUID = 1L;

  public SnapshotNotFoundException(String reason) {
    super(null, reason);
  }
}
