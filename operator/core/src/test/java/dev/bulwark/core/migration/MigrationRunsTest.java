package dev.bulwark.core.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.migration.MigrationPhase;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.runs.RunLedger;
import dev.bulwark.core.runs.RunService;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Background runs for the controller: one per plan, recorded with the generation they ran for. */
class MigrationRunsTest {
  @TempDir java.nio.file.Path tmp;

  @Test
  void aSubmittedRunEndsInTheLedgerWithItsGeneration() throws Exception {
    MigrationFixture fixture = new MigrationFixture(tmp);
    fixture.profiles(20);
    MigrationPlan plan = MigrationFixture.plan();
    RunKey key = RunKey.of(null, "profiles-v1-to-v3");
    CountDownLatch finished = new CountDownLatch(1);
    try (RunService<MigrationRequest, MigrationRecord, RunLedger<MigrationRecord>> migrations =
        MigrationRuns.inProcess(fixture.runner().build())) {
      assertThat(
              migrations
                  .executor()
                  .submit(
                      key,
                      MigrationRequest.controller(plan, fixture.policy, Optional.empty(), 4),
                      finished::countDown))
          .isPresent();
      assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();

      MigrationRecord record = migrations.ledger().latest(key).orElseThrow();
      assertThat(record.generation()).isEqualTo(4L);
      assertThat(record.phase()).isEqualTo(MigrationPhase.SUCCEEDED);
      assertThat(record.migrated()).isEqualTo(20);
      assertThat(record.trigger()).isEqualTo("controller");
      assertThat(record.snapshotJobId()).isNotNull();
      assertThat(migrations.executor().isActive(key)).isFalse();
    }
  }
}
