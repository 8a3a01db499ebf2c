package dev.bulwark.engine.format;

/** The repository format version this engine writes, and the check that readers apply. */
public final class FormatVersion {
  /** The version written into every manifest, catalog entry, lock and latest pointer. */
  public static final int CURRENT = 1;

  private FormatVersion() {}

  /** Fails when {@code version} is not one this engine can read. */
  public static void check(int version, String objectKey) throws FormatException {
    if (version != CURRENT) {
      throw new FormatException(
          objectKey,
          "format_version "
              + version
              + " is not supported by this bulwark (it reads version "
              + CURRENT
              + "); use a bulwark release that knows it");
    }
  }
}
