package dev.bulwark.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.Resource;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.core.Environment;
import dev.bulwark.core.testing.TestingResources;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceValidatorTest {
  private final ResourceValidator validator = new ResourceValidator(Environment.of(Map.of()));
  private final BackupPolicy policy = TestingResources.backupPolicy("teaching-data");
  private final ResourceLookup lookup = TestingResources.lookupOf(policy);

  static final class ArchivePlan extends Resource<Void, Void> {
    ArchivePlan() {
      super("ArchivePlan");
    }
  }

  @Test
  void validatesEachKindWithItsOwnChecks() {
    BackupPolicy unnamed = TestingResources.backupPolicy(null);
    RestoreDrill drill = TestingResources.restoreDrill("weekly", "elsewhere");
    MigrationPlan plan = TestingResources.migrationPlan("v1-to-v2", "teaching-data");
    plan.getSpec().setTo(1);

    assertThat(validator.validate(policy, lookup)).isEmpty();
    assertThat(validator.validate(unnamed, lookup))
        .extracting(SpecProblem::field)
        .containsExactly("metadata.name");
    assertThat(validator.validate(drill, lookup))
        .extracting(SpecProblem::field)
        .containsExactly("spec.policyRef");
    assertThat(validator.validate(plan, lookup))
        .extracting(SpecProblem::field)
        .containsExactly("spec.to");
  }

  @Test
  void anUnknownKindIsOneError() {
    assertThat(validator.validate(new ArchivePlan(), lookup))
        .containsExactly(
            SpecProblem.error(
                "kind",
                "unknown kind ArchivePlan; expected BackupPolicy, RestoreDrill, MigrationPlan or ReplayPlan"));
  }
}
