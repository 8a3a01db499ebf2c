package dev.bulwark.api.replay;

import dev.bulwark.api.common.Resource;

/** A replay of derived data from raw inputs with an analyzer version, partition by partition. */
public final class ReplayPlan extends Resource<ReplayPlanSpec, ReplayPlanStatus> {
  /** The kind as written in YAML. */
  public static final String KIND = "ReplayPlan";

  /** A ReplayPlan without name, spec or status yet. */
  public ReplayPlan() {
    super(KIND);
  }
}
