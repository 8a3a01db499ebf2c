package dev.bulwark.kubernetes.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicySpec;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.backup.BackupRef;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.crd.BackupPolicyResource;
import dev.bulwark.api.crd.RestoreDrillResource;
import dev.bulwark.api.drill.DrillLevel;
import dev.bulwark.api.drill.RestoreDrillSpec;
import dev.bulwark.api.drill.RestoreDrillStatus;
import dev.bulwark.core.gate.GateDecision;
import dev.bulwark.core.gate.GateSettings;
import dev.bulwark.core.gate.ReleaseGate;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code gate check --kubernetes} reads one namespace's statuses and gates them like compose mode.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesGateInputsTest {
  private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");
  KubernetesClient client;

  @Test
  void aNamespaceIsGatedOnItsOwnResources() throws Exception {
    create("team-a", "demo", NOW.minus(Duration.ofDays(2)));
    create("team-b", "demo", NOW.minus(Duration.ofDays(9)));

    GateDecision a =
        ReleaseGate.evaluate(
            KubernetesGateInputs.read(client, "team-a"), GateSettings.defaults(), NOW);
    assertThat(a.open()).as(String.join("\n", a.reasons())).isTrue();
    assertThat(a.policies())
        .singleElement()
        .satisfies(p -> assertThat(p.provenBy()).isEqualTo("demo-l1"));

    GateDecision b =
        ReleaseGate.evaluate(
            KubernetesGateInputs.read(client, "team-b"), GateSettings.defaults(), NOW);
    assertThat(b.reasons())
        .singleElement()
        .asString()
        .contains("no restore drill succeeded in the last 7d");

    GateDecision empty =
        ReleaseGate.evaluate(
            KubernetesGateInputs.read(client, "team-c"), GateSettings.defaults(), NOW);
    assertThat(empty.reasons()).singleElement().asString().startsWith("no BackupPolicy is served");
  }

  private void create(String namespace, String name, Instant drillSuccess) {
    BackupPolicyResource policy = new BackupPolicyResource();
    policy.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    policy.setSpec(new BackupPolicySpec());
    BackupPolicyStatus status = new BackupPolicyStatus();
    status
        .conditions()
        .set(ConditionType.HEALTHY, true, ConditionReason.BACKUPS_SUCCEEDING, "ok", 1L, NOW);
    BackupRef last = new BackupRef();
    last.setJobId("job-1");
    last.setFinishedAt(NOW.minusSeconds(300).toString());
    status.setLastSuccessfulBackup(last);
    policy.setStatus(status);
    client.resource(policy).create();
    client.resource(policy).updateStatus();

    RestoreDrillResource drill = new RestoreDrillResource();
    drill.setMetadata(
        new ObjectMetaBuilder().withNamespace(namespace).withName(name + "-l1").build());
    RestoreDrillSpec spec = new RestoreDrillSpec();
    spec.setPolicyRef(name);
    spec.setLevel(DrillLevel.L1);
    drill.setSpec(spec);
    RestoreDrillStatus drillStatus = new RestoreDrillStatus();
    drillStatus.setLastSuccessAt(drillSuccess.toString());
    drill.setStatus(drillStatus);
    client.resource(drill).create();
    client.resource(drill).updateStatus();
  }
}
