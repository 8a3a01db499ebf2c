package dev.bulwark.api.migration;

import dev.bulwark.api.common.Resource;

/** A guarded schema_version migration of a policy's objects. */
public final class MigrationPlan extends Resource<MigrationPlanSpec, MigrationPlanStatus> {
  /** The kind as written in YAML. */
  public static final String KIND = "MigrationPlan";

  /** A MigrationPlan without name, spec or status yet. */
  public MigrationPlan() {
    super(KIND);
  }
}
