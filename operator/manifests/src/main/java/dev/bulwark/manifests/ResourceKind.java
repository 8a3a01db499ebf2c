package dev.bulwark.manifests;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicySpec;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.common.Resource;
import dev.bulwark.api.common.ResourceStatus;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.RestoreDrillSpec;
import dev.bulwark.api.drill.RestoreDrillStatus;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.api.migration.MigrationPlanSpec;
import dev.bulwark.api.migration.MigrationPlanStatus;
import dev.bulwark.api.replay.ReplayPlan;
import dev.bulwark.api.replay.ReplayPlanSpec;
import dev.bulwark.api.replay.ReplayPlanStatus;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The Bulwark kinds a manifest may declare, with the classes their documents bind to. */
public enum ResourceKind {
  /** What to back up, how often, where and how long. */
  BACKUP_POLICY(
      BackupPolicy.KIND,
      BackupPolicy.class,
      BackupPolicy::new,
      BackupPolicySpec.class,
      BackupPolicyStatus.class),
  /** A scheduled proof that a policy's backups restore. */
  RESTORE_DRILL(
      RestoreDrill.KIND,
      RestoreDrill.class,
      RestoreDrill::new,
      RestoreDrillSpec.class,
      RestoreDrillStatus.class),
  /** A guarded schema_version migration. */
  MIGRATION_PLAN(
      MigrationPlan.KIND,
      MigrationPlan.class,
      MigrationPlan::new,
      MigrationPlanSpec.class,
      MigrationPlanStatus.class),
  /** A replay of derived data from raw inputs with an analyzer version, partition by partition. */
  REPLAY_PLAN(
      ReplayPlan.KIND,
      ReplayPlan.class,
      ReplayPlan::new,
      ReplayPlanSpec.class,
      ReplayPlanStatus.class);

  private final String kind;
  private final Class<? extends Resource<?, ?>> resourceType;
  private final Supplier<? extends Resource<?, ?>> newResource;
  private final Class<?> specType;
  private final Class<? extends ResourceStatus> statusType;

  ResourceKind(
      String kind,
      Class<? extends Resource<?, ?>> resourceType,
      Supplier<? extends Resource<?, ?>> newResource,
      Class<?> specType,
      Class<? extends ResourceStatus> statusType) {
    this.kind = kind;
    this.resourceType = resourceType;
    this.newResource = newResource;
    this.specType = specType;
    this.statusType = statusType;
  }

  /** The {@code kind} as written in YAML, e.g. {@code BackupPolicy}. */
  public String kind() {
    return kind;
  }

  /** The plain resource class a document of this kind becomes. */
  public Class<? extends Resource<?, ?>> resourceType() {
    return resourceType;
  }

  /** A new, empty plain resource of this kind. */
  public Resource<?, ?> newResource() {
    return newResource.get();
  }

  /** The class of this kind's spec, which a document's {@code spec} binds to. */
  public Class<?> specType() {
    return specType;
  }

  /** The class of this kind's status. */
  public Class<? extends ResourceStatus> statusType() {
    return statusType;
  }

  /** The lowercase kind, used as a directory name in the state directory. */
  public String directoryName() {
    return kind.toLowerCase(Locale.ROOT);
  }

  /** The kind of that YAML name, if it is one of Bulwark's. */
  public static Optional<ResourceKind> of(String kind) {
    return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
  }

  /** All YAML names, for error messages. */
  public static String allKinds() {
    return Arrays.stream(values()).map(ResourceKind::kind).collect(Collectors.joining(", "));
  }
}
