package dev.bulwark.core.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.migration.MigrationPhase;
import dev.bulwark.api.migration.MigrationPlan;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Background runs for the controller: one per plan, recorded with the generation they ran for. */
class MigrationExecutorTest {
  @TempDir java.nio.file.Path tmp;

  @Test
  void aSubmittedRunEndsInTheLedgerWithItsGeneration() throws Exception {
    MigrationFixture fixture = new MigrationFixture(tmp);
    fixture.profiles(20);
    MigrationPlan plan = MigrationFixture.plan();
    CountDownLatch finished = new CountDownLatch(1);
    try (MigrationExecutor executor =
        new MigrationExecutor(fixture.runner().build(), Clock.systemUTC())) {
      assertThat(executor.submit(plan, fixture.policy, Optional.empty(), 4, finished::countDown))
          .isTrue();
      assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();

      MigrationRecord record =
          executor.ledger().latest(Optional.empty(), "profiles-v1-to-v3").orElseThrow();
      assertThat(record.generation()).isEqualTo(4L);
      assertThat(record.phase()).isEqualTo(MigrationPhase.SUCCEEDED);
      assertThat(record.migrated()).isEqualTo(20);
      assertThat(record.trigger()).isEqualTo("controller");
      assertThat(record.snapshotJobId()).isNotNull();
      assertThat(executor.isActive(Optional.empty(), "profiles-v1-to-v3")).isFalse();
    }
  }
}
