package dev.bulwark.engine;

/** No snapshot matches the id or time asked for. */
public class SnapshotNotFoundException extends EngineException {
  public SnapshotNotFoundException(String reason) {
    super(null, reason);
  }
}
