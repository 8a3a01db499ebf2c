package dev.bulwark.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.ResourceStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertPolicyTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final AlertPolicy.Subject DEMO =
      new AlertPolicy.Subject(
          "BackupPolicy", Optional.empty(), "demo", Optional.of("http://hooks/demo"));

  @Test
  void aGoodStateSeenForTheFirstTimeIsNoAlert() {
    ResourceStatus served = served();
    served
        .conditions()
        .setUnknown(ConditionType.FRESH, ConditionReason.NO_RUNS_YET, "no backup yet", 1L, T0);

    assertThat(AlertPolicy.between(DEMO, null, served, T0)).isEmpty();
  }

  @Test
  void aBadStateSeenForTheFirstTimeAlertsOnce() {
    ResourceStatus invalid =
        invalid(ConditionReason.SPEC_INVALID, "spec.target: unknown value \"ftp\"");

    List<Alert> alerts = AlertPolicy.between(DEMO, null, invalid, T0);

    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.type()).isEqualTo("Valid");
              assertThat(a.status()).isEqualTo("False");
              assertThat(a.reason()).isEqualTo("SpecInvalid");
              assertThat(a.message()).contains("ftp");
              assertThat(a.warning()).isTrue();
              assertThat(a.webhookUrl()).contains("http://hooks/demo");
              assertThat(a.at()).isEqualTo(T0);
            });
  }

  @Test
  void aServedResourceTurningInvalidIsOneAlertNotOnePerCondition() {
    assertThat(
            AlertPolicy.between(
                DEMO, served(), invalid(ConditionReason.DOCUMENT_UNREADABLE, "binary"), T0))
        .extracting(Alert::type, Alert::status, Alert::reason)
        .containsExactly(tuple("Valid", "False", "DocumentUnreadable"));
  }

  @Test
  void anUnchangedBadStateDoesNotAlertAgain() {
    ResourceStatus before = invalid(ConditionReason.SPEC_INVALID, "first message");
    ResourceStatus after = invalid(ConditionReason.SPEC_INVALID, "another message, same fault");

    assertThat(AlertPolicy.between(DEMO, before, after, T0)).isEmpty();
  }

  @Test
  void anotherBadReasonAlertsAgain() {
    ResourceStatus before = invalid(ConditionReason.SPEC_INVALID, "spec.target");
    ResourceStatus after = invalid(ConditionReason.DOCUMENT_UNREADABLE, "syntax error");

    assertThat(AlertPolicy.between(DEMO, before, after, T0))
        .extracting(Alert::reason)
        .containsExactly("DocumentUnreadable");
  }

  @Test
  void recoveryAlertsOnceAsInfo() {
    ResourceStatus before = invalid(ConditionReason.SPEC_INVALID, "spec.target");

    List<Alert> alerts = AlertPolicy.between(DEMO, before, served(), T0);

    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.type()).isEqualTo("Valid");
              assertThat(a.status()).isEqualTo("True");
              assertThat(a.warning()).isFalse();
            });
  }

  @Test
  void unknownBecomingTrueIsNoAlert() {
    ResourceStatus before = served();
    before
        .conditions()
        .setUnknown(ConditionType.FRESH, ConditionReason.NO_RUNS_YET, "no backup yet", 1L, T0);
    ResourceStatus after = served();
    after
        .conditions()
        .set(ConditionType.FRESH, true, ConditionReason.RECENT_SNAPSHOT, "fresh", 1L, T0);

    assertThat(AlertPolicy.between(DEMO, before, after, T0)).isEmpty();
  }

  @Test
  void eachFailingConditionAlertsOnItsOwn() {
    ResourceStatus after = served();
    after
        .conditions()
        .set(ConditionType.HEALTHY, false, ConditionReason.BACKUPS_FAILING, "2 failed", 1L, T0);
    after
        .conditions()
        .set(
            ConditionType.TARGET_REACHABLE,
            false,
            ConditionReason.TARGET_UNREACHABLE,
            "s3 down",
            1L,
            T0);

    assertThat(AlertPolicy.between(DEMO, served(), after, T0))
        .extracting(Alert::type)
        .containsExactly("Healthy", "TargetReachable");
  }

  @Test
  void suspendingIsNoAlert() {
    ResourceStatus after = served();
    after
        .conditions()
        .set(ConditionType.READY, false, ConditionReason.SUSPENDED, "spec.suspend", 1L, T0);

    assertThat(AlertPolicy.between(DEMO, served(), after, T0)).isEmpty();
  }

  @Test
  void aReconcileFailureAlertsAndItsEndRecovers() {
    ResourceStatus failed = served();
    failed
        .conditions()
        .set(ConditionType.READY, false, ConditionReason.RECONCILE_FAILED, "boom", 1L, T0);

    assertThat(AlertPolicy.between(DEMO, served(), failed, T0))
        .extracting(Alert::reason, Alert::warning)
        .containsExactly(tuple("ReconcileFailed", true));
    assertThat(AlertPolicy.between(DEMO, failed, served(), T0))
        .extracting(Alert::reason, Alert::warning)
        .containsExactly(tuple("Scheduled", false));
  }

  @Test
  void deletionIsOneAlertWhateverWasWrongBefore() {
    ResourceStatus before = invalid(ConditionReason.SPEC_INVALID, "spec.target");
    ResourceStatus deleted = invalid(ConditionReason.SPEC_INVALID, "spec.target");
    deleted
        .conditions()
        .set(ConditionType.READY, false, ConditionReason.DELETED, "no longer declared", 1L, T0);

    assertThat(AlertPolicy.between(DEMO, before, deleted, T0))
        .extracting(Alert::type, Alert::reason)
        .containsExactly(tuple("Ready", "Deleted"));
    assertThat(AlertPolicy.between(DEMO, deleted, deleted, T0))
        .as("a restart of a deleted resource")
        .isEmpty();
    assertThat(AlertPolicy.between(DEMO, deleted, served(), T0))
        .as("declared again")
        .extracting(Alert::type, Alert::status)
        .containsExactly(tuple("Ready", "True"));
  }

  @Test
  void aDrillWhosePolicyIsMissingIsOneAlert() {
    ResourceStatus after = new ResourceStatus();
    after
        .conditions()
        .set(
            ConditionType.VALID,
            false,
            ConditionReason.SPEC_INVALID,
            "spec.policyRef: none",
            1L,
            T0);
    after
        .conditions()
        .set(
            ConditionType.READY,
            false,
            ConditionReason.REFERENCE_NOT_FOUND,
            "spec.policyRef",
            1L,
            T0);

    assertThat(AlertPolicy.between(DEMO, null, after, T0))
        .extracting(Alert::type)
        .containsExactly("Valid");
  }

  private static ResourceStatus served() {
    ResourceStatus status = new BackupPolicyStatus();
    status
        .conditions()
        .set(ConditionType.VALID, true, ConditionReason.SPEC_VALID, "spec is valid", 1L, T0);
    status
        .conditions()
        .set(ConditionType.READY, true, ConditionReason.SCHEDULED, "every 5 min", 1L, T0);
    status
        .conditions()
        .set(ConditionType.HEALTHY, true, ConditionReason.NO_RUNS_YET, "no job yet", 1L, T0);
    return status;
  }

  private static ResourceStatus invalid(ConditionReason reason, String message) {
    ResourceStatus status = new BackupPolicyStatus();
    status.conditions().set(ConditionType.VALID, false, reason, message, 1L, T0);
    status.conditions().set(ConditionType.READY, false, reason, message, 1L, T0);
    return status;
  }
}
