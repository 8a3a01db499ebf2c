package dev.bulwark.core.overview;

import dev.bulwark.api.common.ResourceStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * One resource as its runtime last recorded it: the status the controllers decided, with the few
 * spec facts readers need beside it. Carries no spec otherwise, so nothing secret or host-specific
 * (credential references, source paths) reaches a page or a metric through it.
 *
 * @param kind {@link #BACKUP_POLICY}, {@link #RESTORE_DRILL}, {@link #MIGRATION_PLAN} or {@link
 *     #REPLAY_PLAN}
 * @param namespace the Kubernetes namespace; null in compose mode
 * @param name the resource's name
 * @param generation the generation of the spec (compose mode counts spec changes from 1)
 * @param deleted the declaration is gone; its last status is kept as a record
 * @param policyRef the BackupPolicy a drill or plan acts on, when known
 * @param level a drill's level ({@code L1}, {@code L2}, {@code L3}), when known
 * @param status the status; null before the first reconcile
 * @param updatedAt when the runtime last wrote the status; null when it does not say
 */
public record ResourceView(
    String kind,
    String namespace,
    String name,
    long generation,
    boolean deleted,
    String policyRef,
    String level,
    ResourceStatus status,
    Instant updatedAt) {

  /** The kind of backup policies. */
  public static final String BACKUP_POLICY = "BackupPolicy";

  /** The kind of restore drills. */
  public static final String RESTORE_DRILL = "RestoreDrill";

  /** The kind of migration plans. */
  public static final String MIGRATION_PLAN = "MigrationPlan";

  /** The kind of replay plans. */
  public static final String REPLAY_PLAN = "ReplayPlan";

  public ResourceView {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  /** True for a resource of {@code kind}. */
  public boolean is(String kind) {
    return this.kind.equals(kind);
  }

  /**
   * {@code Kind/name}, or {@code Kind/namespace/name} on Kubernetes, as log lines name resources.
   */
  public String displayName() {
    return namespace == null ? kind + "/" + name : kind + "/" + namespace + "/" + name;
  }
}
