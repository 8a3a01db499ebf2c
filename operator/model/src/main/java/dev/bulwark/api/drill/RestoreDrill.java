package dev.bulwark.api.drill;

import dev.bulwark.api.common.Resource;

/** A scheduled proof that a policy's backups restore. */
public final class RestoreDrill extends Resource<RestoreDrillSpec, RestoreDrillStatus> {
  /** The kind as written in YAML. */
  public static final String KIND = "RestoreDrill";

  /** A RestoreDrill without name, spec or status yet. */
  public RestoreDrill() {
    super(KIND);
  }
}
