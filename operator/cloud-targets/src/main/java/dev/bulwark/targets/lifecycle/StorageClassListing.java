package dev.bulwark.targets.lifecycle;

import java.io.IOException;
import java.util.Iterator;

/** A listing of a target's objects that also says which storage class each one is in. */
public interface StorageClassListing {

  /** The store's name for the class new objects are written in (S3 STANDARD, OSS Standard). */
  String hotStorageClass();

  /**
   * Every object under {@code prefix} (relative to the target, like {@code Target.list}),
   * ascending, fetched page by page.
   */
  Iterator<StoredObject> listWithStorageClass(String prefix) throws IOException;
}
