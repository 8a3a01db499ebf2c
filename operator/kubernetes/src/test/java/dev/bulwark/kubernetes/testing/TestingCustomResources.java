package dev.bulwark.kubernetes.testing;

import dev.bulwark.api.crd.BackupPolicyResource;
import dev.bulwark.api.crd.CustomResources;
import dev.bulwark.api.crd.MigrationPlanResource;
import dev.bulwark.api.crd.RestoreDrillResource;
import dev.bulwark.core.testing.TestingResources;

/**
 * The valid resources of {@link TestingResources} as custom resources, ready to be created on a
 * (mock) cluster. Each call returns a new, mutable resource.
 */
public final class TestingCustomResources {
  private TestingCustomResources() {}

  /** {@link TestingResources#backupPolicy} as a custom resource. */
  public static BackupPolicyResource backupPolicy(String name) {
    return CustomResources.toCustomResource(TestingResources.backupPolicy(name));
  }

  /** {@link TestingResources#restoreDrill} as a custom resource. */
  public static RestoreDrillResource restoreDrill(String name, String policyRef) {
    return CustomResources.toCustomResource(TestingResources.restoreDrill(name, policyRef));
  }

  /** {@link TestingResources#migrationPlan} as a custom resource. */
  public static MigrationPlanResource migrationPlan(String name, String policyRef) {
    return CustomResources.toCustomResource(TestingResources.migrationPlan(name, policyRef));
  }
}
