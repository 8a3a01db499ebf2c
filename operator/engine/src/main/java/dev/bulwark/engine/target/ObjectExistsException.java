package dev.bulwark.engine.target;

import java.io.IOException;

/** A write-once write met an object that already exists under its key. */
public class ObjectExistsException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public ObjectExistsException(String key) {
    super("object " + key + " already exists and objects are written once");
    this.key = key;
  }

  /** The key that already exists. */
  public String key() {
    return key;
  }
}
