package dev.bulwark.api;

/** Constants of the bulwark.dev API group. */
public final class BulwarkApi {
  /** The API group of every Bulwark kind. */
  public static final String GROUP = "bulwark.dev";

  /** The served and stored version. */
  public static final String VERSION = "v1alpha1";

  /** {@code apiVersion} as written in YAML. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  private BulwarkApi() {}
}
