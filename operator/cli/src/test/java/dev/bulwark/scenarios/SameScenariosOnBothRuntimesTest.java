package dev.bulwark.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicySpec;
import dev.bulwark.api.backup.Retention;
import dev.bulwark.api.backup.Schedule;
import dev.bulwark.api.backup.Source;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.ResourceRef;
import dev.bulwark.api.drill.DrillLevel;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.RestoreDrillSpec;
import dev.bulwark.engine.testing.TestingClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One scenario suite, two adapters: every case runs through the compose shim and through the
 * Kubernetes runtime (JOSDK on the CRUD mock server) with the same clock, and both must store the
 * very same status, which must also carry the facts the case expects.
 */
@EnableKubernetesMockClient(crud = true)
class SameScenariosOnBothRuntimesTest {
  KubernetesClient client;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CRDS = Path.of("../../crd-schemas");
  @TempDir Path work;
  private final TestingClock clock = TestingClock.at("2026-11-28T10:00:00Z");
  private final List<RuntimeUnderTest> runtimes = new ArrayList<>();

  @BeforeEach
  void startBoth() throws Exception {
    runtimes.add(new ComposeRuntimeUnderTest(work, clock));
    runtimes.add(new KubernetesRuntimeUnderTest(client, CRDS, clock));
  }

  @AfterEach
  void stopBoth() throws Exception {
    for (RuntimeUnderTest runtime : runtimes) {
      runtime.close();
    }
  }

  @Test
  void validPolicyIsScheduled() throws Exception {
    JsonNode status =
        sameOnBoth(policy("teaching", "*/5 * * * *", 30), "BackupPolicy", "teaching", 1);
    assertThat(condition(status, "Valid").path("status").asText()).isEqualTo("True");
    assertThat(condition(status, "Ready").path("reason").asText()).isEqualTo("Scheduled");
    assertThat(status.path("nextIncremental").asText()).isEqualTo("2026-11-28T10:05:00Z");
    assertThat(status.path("nextFull").asText()).isEqualTo("2026-11-29T02:00:00Z");
    assertThat(status.path("resolvedTarget").asText()).isEqualTo("local");
  }

  @Test
  void invalidPolicyNamesTheField() throws Exception {
    JsonNode status = sameOnBoth(policy("broken", "*/5 * * * *", 365), "BackupPolicy", "broken", 1);
    assertThat(condition(status, "Valid").path("status").asText()).isEqualTo("False");
    assertThat(condition(status, "Valid").path("message").asText())
        .contains("spec.retention.hotDays");
    assertThat(condition(status, "Ready").path("status").asText()).isEqualTo("False");
    assertThat(status.has("nextIncremental")).isFalse();
  }

  @Test
  void specChangeIsFollowed() throws Exception {
    sameOnBoth(policy("teaching", "*/5 * * * *", 30), "BackupPolicy", "teaching", 1);
    JsonNode changed =
        sameOnBoth(policy("teaching", "0 * * * *", 30), "BackupPolicy", "teaching", 2);
    assertThat(changed.path("observedGeneration").asLong()).isEqualTo(2);
    assertThat(changed.path("nextIncremental").asText()).isEqualTo("2026-11-28T11:00:00Z");
    assertThat(condition(changed, "Ready").path("lastTransitionTime").asText())
        .isEqualTo("2026-11-28T10:00:00Z");
  }

  @Test
  void drillFollowsItsPolicyAndDeletionStopsServing() throws Exception {
    sameOnBoth(policy("teaching", "*/5 * * * *", 30), "BackupPolicy", "teaching", 1);
    JsonNode drill = sameOnBoth(drill("weekly", "teaching"), "RestoreDrill", "weekly", 1);
    assertThat(condition(drill, "Ready").path("status").asText()).isEqualTo("True");
    assertThat(drill.path("nextRun").asText()).isEqualTo("2026-11-29T03:00:00Z");

    for (RuntimeUnderTest runtime : runtimes) {
      runtime.delete("RestoreDrill", "weekly");
      runtime.awaitNotServed("RestoreDrill", "weekly");
    }
  }

  /** Applies the resource to both runtimes and returns the status, asserting they are identical. */
  private JsonNode sameOnBoth(
      dev.bulwark.api.common.Resource<?, ?> resource, String kind, String name, long generation)
      throws Exception {
    JsonNode first = null;
    for (RuntimeUnderTest runtime : runtimes) {
      runtime.apply(resource);
      // Re-read as text so number node types (int vs long) do not make equal JSON unequal.
      JsonNode status = JSON.readTree(runtime.awaitStatus(kind, name, generation).toString());
      if (first == null) {
        first = status;
      } else {
        assertThat(status)
            .as("status on %s vs %s", runtime.name(), runtimes.get(0).name())
            .isEqualTo(first);
      }
    }
    return first;
  }

  private BackupPolicy policy(String name, String incremental, int hotDays) {
    BackupPolicy policy = new BackupPolicy();
    policy.setRef(ResourceRef.of(BackupPolicy.KIND, name));
    BackupPolicySpec spec = new BackupPolicySpec();
    spec.setTarget(TargetProvider.LOCAL);
    Source source = new Source();
    source.setPath(work.toAbsolutePath().toString());
    source.setDomain("raw");
    spec.setSources(List.of(source));
    Schedule schedule = new Schedule();
    schedule.setIncremental(incremental);
    spec.setSchedule(schedule);
    Retention retention = new Retention();
    retention.setHotDays(hotDays);
    spec.setRetention(retention);
    policy.setSpec(spec);
    return policy;
  }

  private static RestoreDrill drill(String name, String policyRef) {
    RestoreDrill drill = new RestoreDrill();
    drill.setRef(ResourceRef.of(RestoreDrill.KIND, name));
    RestoreDrillSpec spec = new RestoreDrillSpec();
    spec.setPolicyRef(policyRef);
    spec.setLevel(DrillLevel.L1);
    drill.setSpec(spec);
    return drill;
  }

  private static JsonNode condition(JsonNode status, String type) {
    for (JsonNode condition : status.path("conditions")) {
      if (type.equals(condition.path("type").asText())) {
        return condition;
      }
    }
    throw new AssertionError("no condition " + type + " in " + status);
  }
}
