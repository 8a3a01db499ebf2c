package dev.bulwark.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.core.Environment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControllersTest {
  @Test
  void standardServesEachKindOnce() {
    assertThat(Controllers.standard(Environment.of(Map.of())))
        .extracting(Controller::kind, Controller::resourceType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("BackupPolicy", BackupPolicy.class),
            org.assertj.core.groups.Tuple.tuple("RestoreDrill", RestoreDrill.class),
            org.assertj.core.groups.Tuple.tuple("MigrationPlan", MigrationPlan.class),
            org.assertj.core.groups.Tuple.tuple(
                "ReplayPlan", dev.bulwark.api.replay.ReplayPlan.class));
  }
}
