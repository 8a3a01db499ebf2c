package dev.bulwark.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.backup.BackupRef;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.migration.MigrationPhase;
import dev.bulwark.api.migration.MigrationPlanStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusCopiesTest {
  @Test
  void copiesDeeply() {
    BackupPolicyStatus original = new BackupPolicyStatus();
    BackupRef last = new BackupRef();
    last.setJobId("job-1");
    original.setLastSuccessfulBackup(last);
    original
        .conditions()
        .set(ConditionType.VALID, true, ConditionReason.SPEC_VALID, "ok", 1L, Instant.EPOCH);

    BackupPolicyStatus copy = StatusCopies.copyOf(original, BackupPolicyStatus::new);
    copy.getLastSuccessfulBackup().setJobId("job-2");
    copy.conditions()
        .set(ConditionType.VALID, false, ConditionReason.SPEC_INVALID, "bad", 2L, Instant.now());

    assertThat(original.getLastSuccessfulBackup().getJobId()).isEqualTo("job-1");
    assertThat(original.conditions().isTrue(ConditionType.VALID)).isTrue();
    assertThat(copy.getLastSuccessfulBackup().getJobId()).isEqualTo("job-2");
  }

  @Test
  void keepsEnumsAndTypes() {
    MigrationPlanStatus original = new MigrationPlanStatus();
    original.setPhase(MigrationPhase.ROLLED_BACK);

    assertThat(StatusCopies.copyOf(original, MigrationPlanStatus::new).getPhase())
        .isEqualTo(MigrationPhase.ROLLED_BACK);
  }

  @Test
  void startsFreshWithoutAPreviousStatus() {
    BackupPolicyStatus fresh = StatusCopies.copyOf(null, BackupPolicyStatus::new);

    assertThat(fresh.getConditions()).isEmpty();
  }
}
