package dev.bulwark.engine.target;

import java.io.IOException;

/** A read named an object that does not exist. */
public class ObjectNotFoundException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public ObjectNotFoundException(String key, String where) {
    super("object " + key + " does not exist in " + where);
    this.key = key;
  }

  /** The missing key. */
  public String key() {
    return key;
  }
}
