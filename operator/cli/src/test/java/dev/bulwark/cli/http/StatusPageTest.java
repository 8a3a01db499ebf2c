package dev.bulwark.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.backup.BackupRef;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.ResourceStatus;
import dev.bulwark.api.drill.DrillRun;
import dev.bulwark.api.drill.RestoreDrillStatus;
import dev.bulwark.core.gate.GateInputs;
import dev.bulwark.core.gate.GateSettings;
import dev.bulwark.core.gate.ReleaseGate;
import dev.bulwark.core.gate.StatusFacts;
import dev.bulwark.core.overview.GateView;
import dev.bulwark.core.overview.ResourceView;
import dev.bulwark.core.overview.ServedResources;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The page's markup: every section, health words, the gate, trend charts, and nothing secret. */
class StatusPageTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private final List<ResourceView> views = new ArrayList<>();
  private final List<GateView> gates = new ArrayList<>();

  private final ServedResources served =
      new ServedResources() {
        @Override
        public List<ResourceView> resources() {
          return views;
        }

        @Override
        public List<GateView> gates(Instant now) {
          return gates;
        }
      };

  private String render() {
    return new StatusPage(
            served,
            Clock.fixed(NOW, ZoneOffset.UTC),
            "compose",
            Map.of("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI-secret"))
        .render();
  }

  private static void set(
      ResourceStatus status, ConditionType type, boolean value, String message) {
    status
        .conditions()
        .set(
            type,
            value,
            value ? ConditionReason.SPEC_VALID : ConditionReason.SPEC_INVALID,
            message,
            1L,
            NOW);
  }

  private static BackupPolicyStatus policy(boolean healthy, String message) {
    BackupPolicyStatus status = new BackupPolicyStatus();
    set(status, ConditionType.VALID, true, "spec is valid");
    set(status, ConditionType.READY, true, "scheduled");
    set(status, ConditionType.HEALTHY, healthy, message);
    set(status, ConditionType.FRESH, true, "fresh");
    status.setResolvedTarget("local");
    status.setFreshnessLimitSeconds(7200L);
    status.setConsecutiveFailures(healthy ? 0 : 2);
    status.setNextIncremental("2026-03-01T10:05:00Z");
    BackupRef last = new BackupRef();
    last.setJobId("20260301T095500Z-0a1b2c");
    last.setType("incremental");
    last.setFinishedAt("2026-03-01T09:55:20Z");
    status.setLastSuccessfulBackup(last);
    return status;
  }

  private static ResourceView view(
      String kind, String name, String policyRef, ResourceStatus status) {
    return new ResourceView(
        kind, null, name, 1, false, policyRef, policyRef == null ? null : "L1", status, NOW);
  }

  @Test
  void showsEveryPolicysHealthTheGateAndTheDrillTrend() {
    views.add(view(ResourceView.BACKUP_POLICY, "hourly", null, policy(true, "ok")));
    views.add(
        view(
            ResourceView.BACKUP_POLICY,
            "failing",
            null,
            policy(
                false,
                "2 consecutive backup jobs failed; last: source /srv/bulwark/state/data is not a readable directory;"
                    + " key wJalrXUtnFEMI-secret")));
    BackupPolicyStatus invalid = new BackupPolicyStatus();
    set(
        invalid,
        ConditionType.VALID,
        false,
        "broken.yaml:7: spec.target: 'ftp' is not one of local, s3, oss");
    views.add(view(ResourceView.BACKUP_POLICY, "broken<b>", null, invalid));
    RestoreDrillStatus drill = new RestoreDrillStatus();
    set(drill, ConditionType.READY, true, "weekly");
    drill
        .conditions()
        .set(ConditionType.SUCCEEDED, true, ConditionReason.RUN_SUCCEEDED, "ok", 1L, NOW);
    drill.setRpoObjectiveSeconds(300L);
    drill.setRtoObjectiveSeconds(1800L);
    drill.setRecentRuns(
        List.of(
            run("2026-03-01T09:00:00Z", true, 27L, 4L),
            run("2026-02-28T09:00:00Z", false, null, null),
            run("2026-02-27T09:00:00Z", true, 400L, 5L)));
    views.add(view(ResourceView.RESTORE_DRILL, "weekly", "hourly", drill));
    gates.add(
        new GateView(
            null,
            ReleaseGate.evaluate(
                GateInputs.of(
                    List.of(StatusFacts.policy("failing", policy(false, "2 failed"))), List.of()),
                GateSettings.defaults(),
                NOW)));

    String html = render();

    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<meta http-equiv=\"refresh\" content=\"15\">");
    assertThat(html).contains("<span class=\"verdict\">blocked</span>");
    assertThat(html)
        .contains(
            "<tr id=\"policy-hourly\"><th scope=\"row\">hourly</th>"
                + "<td><span class=\"health healthy\">healthy</span></td><td>local</td>"
                + "<td>incremental 20260301T095500Z-0a1b2c</td><td>4m40s / 2h</td><td>0</td><td>incremental in 5m</td>");
    assertThat(html).contains("<span class=\"health failing\">failing</span>");
    assertThat(html)
        .contains(
            "<th scope=\"row\">broken&lt;b&gt;</th><td><span class=\"health invalid\">invalid");
    assertThat(html).contains("spec.target: &#39;ftp&#39; is not one of local, s3, oss");
    assertThat(html)
        .contains("<td>27s / 5m</td><td>4s / 30m</td>")
        .contains("<tr class=\"trend\">");
    assertThat(html)
        .contains("<svg class=\"trend\"")
        .contains("class=\"objective\"")
        .contains("class=\"failed\"")
        .contains("class=\"missed\""); // 400 s against a 5 min objective
    assertThat(html)
        .doesNotContain("wJalrXUtnFEMI-secret")
        .doesNotContain("/srv/bulwark/state")
        .contains("source …/data is not a readable directory");
  }

  @Test
  void anEmptyRuntimeSaysWhatIsMissing() {
    String html = render();

    assertThat(html)
        .contains("<span class=\"verdict\">unknown</span>")
        .contains("No BackupPolicy is served.")
        .contains("No RestoreDrill is served");
  }

  private static DrillRun run(String startedAt, boolean succeeded, Long rpo, Long rto) {
    DrillRun run = new DrillRun();
    run.setStartedAt(startedAt);
    run.setFinishedAt(startedAt.replace(":00Z", ":30Z"));
    run.setSucceeded(succeeded);
    run.setActualRpoSeconds(rpo);
    run.setActualRtoSeconds(rto);
    return run;
  }
}
